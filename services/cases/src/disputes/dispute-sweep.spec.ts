import fc from 'fast-check';
import { overdueStage, type OverdueFacts } from './dispute-sweep';

describe('a dispute whose client answer is overdue', () => {
  const due: OverdueFacts = { status: 'awaiting_client', answerDueOn: '2025-02-24', remindedAt: null, escalatedAt: null };
  const escalatesOn = '2025-03-10';

  it('is left alone up to and on its due day, reminded the day after, escalated once the second period has passed', () => {
    expect(overdueStage(due, '2025-02-24', escalatesOn)).toBeNull();
    expect(overdueStage(due, '2025-02-25', escalatesOn)).toBe('reminder');
    const reminded = { ...due, remindedAt: new Date('2025-02-25T06:00:00Z') };
    expect(overdueStage(reminded, '2025-03-10', escalatesOn)).toBeNull();
    expect(overdueStage(reminded, '2025-03-11', escalatesOn)).toBe('escalated');
    expect(overdueStage({ ...reminded, escalatedAt: new Date('2025-03-11T06:00:00Z') }, '2025-04-01', escalatesOn)).toBeNull();
  });

  it('is never chased once answered or resolved, and never escalated before it was reminded', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('open', 'resolved', 'awaiting_client'),
        fc.boolean(),
        fc.integer({ min: 0, max: 60 }),
        (status, reminded, later) => {
          const today = new Date(Date.parse('2025-02-24T00:00:00Z') + later * 86_400_000).toISOString().slice(0, 10);
          const stage = overdueStage({ ...due, status, remindedAt: reminded ? new Date() : null }, today, escalatesOn);
          if (status !== 'awaiting_client') return stage === null;
          if (!reminded) return stage === (later > 0 ? 'reminder' : null);
          return stage === (today > escalatesOn ? 'escalated' : null);
        },
      ),
    );
  });
});
