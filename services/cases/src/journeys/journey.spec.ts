import fc from 'fast-check';
import { ALL_CLAIMS_DISPUTED, mayGoOn, PLAN_KEPT, nextPosition, verdictOf, type LegalAnswer } from './journey';
import type { CaseProfile, ScenarioStep } from '../scenarios/scenario';

const open = { phase: 'amicable' as const, holdUntil: null, openMinor: 100n };
const profile: CaseProfile = { clientId: 'c', brandId: 'b', debtorKind: 'consumer', country: 'BE', openMinor: 100n, segment: null };
const step = (key: string, delayDays: number, anchor: ScenarioStep['anchor'] = 'previous_step'): ScenarioStep => ({
  key,
  kind: 'reminder',
  channel: 'preferred',
  delayDays,
  anchor,
  conditions: {},
  template: null,
});

describe('may the journey go on', () => {
  it('stops for a closed case, a case with legal staff and one paid in full', () => {
    expect(mayGoOn({ ...open, phase: 'closed' }, '2025-02-10', 'Europe/Brussels')).toEqual({
      goOn: false,
      until: null,
      reason: 'the case is closed',
    });
    expect(mayGoOn({ ...open, phase: 'legal_review' }, '2025-02-10', 'Europe/Brussels')).toMatchObject({ goOn: false, until: null });
    expect(mayGoOn({ ...open, openMinor: 0n }, '2025-02-10', 'Europe/Brussels')).toMatchObject({
      goOn: false,
      until: null,
      reason: 'nothing is left to pay',
    });
  });

  it('pauses a held case until the start of the day its hold ends, in the agency’s zone', () => {
    expect(mayGoOn({ ...open, holdUntil: '2025-02-20' }, '2025-02-10', 'Europe/Brussels')).toEqual({
      goOn: false,
      until: '2025-02-19T23:00:00.000Z',
      reason: 'on hold until 2025-02-20',
    });
    expect(mayGoOn({ ...open, holdUntil: '2025-02-20' }, '2025-02-20', 'Europe/Brussels')).toEqual({ goOn: true });
  });

  it('waits a day at a time while every claim still to collect is disputed', () => {
    expect(mayGoOn({ ...open, everyClaimDisputed: true }, '2025-02-10', 'Europe/Brussels')).toEqual({
      goOn: false,
      until: '2025-02-10T23:00:00.000Z',
      reason: ALL_CLAIMS_DISPUTED,
    });
    expect(mayGoOn({ ...open, everyClaimDisputed: false }, '2025-02-10', 'Europe/Brussels')).toEqual({ goOn: true });
  });
});

describe('may the journey go on, with a plan or a promise', () => {
  it('pauses while an agreed plan is kept, until its next check and never sooner than tomorrow', () => {
    expect(mayGoOn({ ...open, plan: { checkAt: '2025-03-06T23:00:00.000Z' } }, '2025-02-10', 'Europe/Brussels')).toEqual({
      goOn: false,
      until: '2025-03-06T23:00:00.000Z',
      reason: PLAN_KEPT,
    });
    expect(mayGoOn({ ...open, plan: { checkAt: '2025-02-01T00:00:00.000Z' } }, '2025-02-10', 'Europe/Brussels')).toMatchObject({
      until: '2025-02-10T23:00:00.000Z',
    });
  });

  it('pauses until the start of the day after a promised date, and goes on from then', () => {
    expect(mayGoOn({ ...open, promise: { dueOn: '2025-02-20' } }, '2025-02-20', 'Europe/Brussels')).toEqual({
      goOn: false,
      until: '2025-02-20T23:00:00.000Z',
      reason: 'the debtor promised to pay by 2025-02-20: collection waits until the day after',
    });
    expect(mayGoOn({ ...open, promise: { dueOn: '2025-02-20' } }, '2025-02-21', 'Europe/Brussels')).toEqual({ goOn: true });
  });

  it('stops a closed or paid case whatever plan or promise it has', () => {
    const paused = { plan: { checkAt: '2025-03-06T23:00:00.000Z' }, promise: { dueOn: '2025-02-20' } };
    expect(mayGoOn({ ...open, ...paused, openMinor: 0n }, '2025-02-10', 'Europe/Brussels')).toMatchObject({ until: null });
    expect(mayGoOn({ ...open, ...paused, phase: 'closed' }, '2025-02-10', 'Europe/Brussels')).toMatchObject({ until: null });
  });
});

describe('the legal answer, for the journey', () => {
  const answerArb = fc.record({
    allowed: fc.boolean(),
    rule: fc.constantFrom('BE-C-1', 'BE-C-4', 'NL-C-1', 'RATES'),
    source: fc.constant('Book XIX'),
    reason: fc.string({ minLength: 1 }),
    earliestAt: fc.option(
      fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString()),
      { nil: null },
    ),
  });

  it('runs a step only when the engine allows it; a refusal waits for its date or goes to review, naming its rule', () => {
    fc.assert(
      fc.property(answerArb, fc.integer({ min: 0, max: 400 }), (answer: LegalAnswer, day) => {
        const now = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000 + 3_600_000).toISOString();
        const v = verdictOf(answer, now);
        expect(v.kind === 'run').toBe(answer.allowed);
        if (v.kind === 'wait') expect(Date.parse(v.until)).toBeGreaterThan(Date.parse(now));
        if (v.kind !== 'run') expect(v.refusal.rule).toBe(answer.rule);
      }),
    );
  });
});

describe('the next position', () => {
  const steps = [step('first', 0, 'placement'), step('notice', 21), step('final', 7)];
  const anchors = { dueDate: '2025-01-31', placedOn: '2025-02-10', previousStepOn: null };

  it('is due at the start of its day in the agency’s calendar, never before now', () => {
    expect(nextPosition(steps, null, profile, anchors, false, '2025-02-10T09:00:00.000Z', 'Europe/Brussels')).toEqual({
      stepKey: 'first',
      dueAt: '2025-02-10T09:00:00.000Z',
    });
    expect(
      nextPosition(
        steps,
        'first',
        profile,
        { ...anchors, previousStepOn: '2025-02-10' },
        false,
        '2025-02-10T09:00:00.000Z',
        'Europe/Brussels',
      ),
    ).toEqual({
      stepKey: 'notice',
      dueAt: '2025-03-02T23:00:00.000Z',
    });
    expect(nextPosition(steps, 'final', profile, anchors, false, '2025-02-10T09:00:00.000Z', 'Europe/Brussels')).toBeNull();
  });
});
