import { DomainError } from '@amicus/errors';
import type { Actor, CommandContext } from '../case-lifecycle/case-lifecycle';
import { mayGoOn } from '../journeys/journey';
import {
  answerComplaint,
  closeComplaint,
  COMPLAINT_PAUSE,
  isOverdue,
  logComplaint,
  pauseForComplaint,
  pausesJourney,
  type ComplaintCase,
} from './complaint';

const agent: Actor = { kind: 'agent', id: 'agent-1' };
const client: Actor = { kind: 'client', id: 'user-1', clientId: 'client-1' };
const admin: Actor = { kind: 'admin', id: 'admin-1' };
const debtorPage: Actor = { kind: 'system', id: 'debtor_page' };
const ctx = (actor: Actor, today = '2025-03-03'): CommandContext => ({ actor, at: new Date(`${today}T10:00:00Z`), today });
const kase: ComplaintCase = { caseId: 'case-1', clientId: 'client-1', brandId: 'brand-1', phase: 'amicable' };
const log = (actor: Actor, over: Partial<{ category: string; channel: string; text: string; debtorPage: boolean }> = {}) =>
  logComplaint(
    kase,
    { complaintId: 'k-1', category: 'tone', channel: 'phone', text: 'the caller was rude', ...over },
    '2025-03-24',
    ctx(actor),
  );
const fail = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    const d = e as DomainError;
    return { code: d.code, fields: d.problems.map((p) => p.field) };
  }
  return null;
};

describe('logComplaint', () => {
  it('an agent records the debtor’s from a call; the client’s comes from its portal; the debtor’s page is its own channel', () => {
    expect(log(agent).complaint).toMatchObject({
      by: 'debtor',
      channel: 'phone',
      status: 'open',
      dueOn: '2025-03-24',
      pausesJourney: false,
    });
    expect(log(client, { channel: 'phone' }).complaint).toMatchObject({ by: 'client', channel: 'client_portal' });
    expect(log(debtorPage, { debtorPage: true }).complaint).toMatchObject({ by: 'debtor', channel: 'debtor_page' });
    expect(log(agent).events).toEqual([expect.objectContaining({ type: 'ComplaintLogged' })]);
  });

  it('names category, text and channel when they are wrong, and refuses a closed case', () => {
    expect(fail(() => log(agent, { category: 'rudeness', text: ' ', channel: 'debtor_page' }))).toEqual({
      code: 'invalid_input',
      fields: ['category', 'text', 'channel'],
    });
    expect(
      fail(() =>
        logComplaint(
          { ...kase, phase: 'closed' },
          { complaintId: 'k', category: 'tone', channel: 'phone', text: 'x' },
          '2025-03-24',
          ctx(agent),
        ),
      ),
    ).toMatchObject({ code: 'conflict' });
  });
});

describe('a complaint’s life', () => {
  const open = log(agent).complaint;

  it('answered by the admin (in time or late), then closed; the agent and the client may not', () => {
    expect(fail(() => answerComplaint(open, { answer: 'sorry' }, ctx(agent)))).toMatchObject({ code: 'forbidden' });
    expect(fail(() => answerComplaint(open, { answer: 'sorry' }, ctx(client)))).toMatchObject({ code: 'forbidden' });
    const answered = answerComplaint(open, { answer: 'we spoke to the agent' }, ctx(admin, '2025-03-24')).complaint;
    expect(answered).toMatchObject({ status: 'answered', answer: { inTime: true } });
    expect(answerComplaint(open, { answer: 'late' }, ctx(admin, '2025-03-25')).complaint.answer?.inTime).toBe(false);
    const closed = closeComplaint(answered, { upheld: true, note: null }, ctx(admin));
    expect(closed.complaint).toMatchObject({ status: 'closed', closure: { upheld: true } });
    expect(closed.events).toEqual([expect.objectContaining({ type: 'ComplaintClosed' })]);
  });

  it('is not closed before it is answered, nor twice', () => {
    expect(fail(() => closeComplaint(open, { upheld: false, note: null }, ctx(admin)))).toMatchObject({ code: 'conflict' });
    const closed = closeComplaint(
      answerComplaint(open, { answer: 'a' }, ctx(admin)).complaint,
      { upheld: false, note: null },
      ctx(admin),
    ).complaint;
    expect(fail(() => closeComplaint(closed, { upheld: false, note: null }, ctx(admin)))).toMatchObject({ code: 'conflict' });
    expect(fail(() => answerComplaint(closed, { answer: 'b' }, ctx(admin)))).toMatchObject({ code: 'conflict' });
  });

  it('is overdue when still open after its due day', () => {
    expect(isOverdue(open, '2025-03-24')).toBe(false);
    expect(isOverdue(open, '2025-03-25')).toBe(true);
    expect(isOverdue(answerComplaint(open, { answer: 'a' }, ctx(admin)).complaint, '2025-04-30')).toBe(false);
  });
});

describe('the journey while a complaint is open', () => {
  const open = log(agent).complaint;
  const journey = { phase: 'amicable' as const, holdUntil: null, openMinor: 1000n };

  it('pauses only when the admin decides so, until the complaint is closed (which wakes it)', () => {
    expect(pausesJourney([open])).toBe(false);
    expect(fail(() => pauseForComplaint(open, { pause: true }, ctx(agent)))).toMatchObject({ code: 'forbidden' });
    const paused = pauseForComplaint(open, { pause: true }, ctx(admin));
    expect(paused.wake).toBe(false);
    expect(pausesJourney([paused.complaint])).toBe(true);
    const answered = answerComplaint(paused.complaint, { answer: 'a' }, ctx(admin)).complaint;
    expect(pausesJourney([answered])).toBe(true);
    const closed = closeComplaint(answered, { upheld: false, note: null }, ctx(admin));
    expect(closed.wake).toBe(true);
    expect(pausesJourney([closed.complaint])).toBe(false);
  });

  it('the gate reads the pause: no step while it lasts, the journey goes on once it has ended', () => {
    const until = '2025-03-03T23:00:00.000Z';
    expect(mayGoOn({ ...journey, paused: { until, reason: COMPLAINT_PAUSE } }, '2025-03-03', 'Europe/Brussels')).toEqual({
      goOn: false,
      until,
      reason: COMPLAINT_PAUSE,
    });
    expect(mayGoOn({ ...journey, paused: { until, reason: COMPLAINT_PAUSE } }, '2025-03-04', 'Europe/Brussels')).toEqual({ goOn: true });
    expect(mayGoOn({ ...journey, paused: null }, '2025-03-03', 'Europe/Brussels')).toEqual({ goOn: true });
  });
});
