import fc from 'fast-check';
import { DomainError } from '@amicus/errors';
import {
  answerProposal,
  approvalOf,
  eligibility,
  estimateEscalation,
  PROPOSAL_CONDITIONS,
  requireConditions,
  type ApprovalStatus,
  type EligibilityFacts,
  type EngineCheck,
} from './escalation';

const DOMAIN = 'Amicus domain rules (domain.md)';
const noticeOk: EngineCheck = {
  allowed: true,
  rule: 'BE-A-2',
  source: 'CEL XIX.2',
  reason: 'formal notice sent 3 Mar 2025; its 15-day term ended 18 Mar 2025',
  earliestAt: null,
};
const disputeOk: EngineCheck = { allowed: true, rule: 'CASE-DISPUTE-OPEN', source: DOMAIN, reason: 'no dispute is open', earliestAt: null };

const facts = (over: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  timeZone: 'Europe/Brussels',
  engine: [disputeOk, noticeOk],
  openDisputes: 0,
  openMinor: 80_000n,
  thresholdMinor: 25_000n,
  currency: 'EUR',
  legalStops: [],
  approval: { status: 'approved' },
  ...over,
});

describe('eligibility', () => {
  it('is eligible when the notice term ran out, no dispute is open, the amount is above the threshold and the client approved', () => {
    const e = eligibility(facts());
    expect(e.eligible).toBe(true);
    expect(e.conditions.map((c) => [c.key, c.met, c.rule])).toEqual([
      ['formal_notice', true, 'BE-A-2'],
      ['no_open_dispute', true, 'CASE-DISPUTE-OPEN'],
      ['amount_threshold', true, 'ESC-THRESHOLD'],
      ['no_legal_stop', true, 'ESC-LEGAL-STOP'],
      ['client_approval', true, 'ESC-CLIENT-APPROVAL'],
    ]);
  });

  it('says the notice term runs and the day it is met, in the debtor’s zone', () => {
    const running: EngineCheck = {
      allowed: false,
      rule: 'BE-A-2',
      source: 'CEL XIX.2',
      reason: 'its 15-day term runs to 18 Mar 2025',
      earliestAt: '2025-03-18T23:00:00.000Z',
    };
    const e = eligibility(facts({ engine: [disputeOk, running] }));
    expect(e.eligible).toBe(false);
    expect(e.conditions[0]).toMatchObject({ key: 'formal_notice', met: false, rule: 'BE-A-2', metFrom: '2025-03-19' });
    expect(e.eligibleFrom).toBe('2025-03-19');
  });

  it('refuses with an open dispute on the case file, even when the engine was not told of it; no date to wait for', () => {
    const e = eligibility(facts({ openDisputes: 2 }));
    expect(e.conditions[1]).toMatchObject({ met: false, rule: 'CASE-DISPUTE-OPEN', detail: expect.stringContaining('2 dispute(s)') });
    expect(e.eligibleFrom).toBeNull();
    expect(() => requireConditions(e, PROPOSAL_CONDITIONS)).toThrow(expect.objectContaining({ code: 'legally_refused' }));
  });

  it('refuses an amount not above the client’s threshold, saying both', () => {
    const e = eligibility(facts({ openMinor: 25_000n }));
    expect(e.conditions[2]).toMatchObject({ met: false, detail: "EUR 250.00 open, not above the client's threshold of EUR 250.00" });
  });

  it('waits for the client when its settings require approval; a decline says its reason', () => {
    expect(eligibility(facts({ approval: { status: 'awaiting' } })).conditions[4]).toMatchObject({ met: false });
    expect(eligibility(facts({ approval: { status: 'declined', reason: 'we settle ourselves' } })).conditions[4].detail).toBe(
      'the client declined: we settle ourselves',
    );
    expect(eligibility(facts({ approval: { status: 'not_required' } })).eligible).toBe(true);
  });

  it('a proposal needs every condition but the approval', () => {
    const e = eligibility(facts({ approval: { status: 'not_asked' } }));
    expect(() => requireConditions(e, PROPOSAL_CONDITIONS)).not.toThrow();
    let refused: unknown;
    try {
      requireConditions(e, ['client_approval']);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).details).toEqual({ rule: 'ESC-CLIENT-APPROVAL' });
  });
});

const engineCheck = fc.record({
  allowed: fc.boolean(),
  rule: fc.constantFrom('BE-A-2', 'BE-C-4', 'NL-C-1', 'BE-B-1', 'CASE-DISPUTE-OPEN', 'CHANNEL'),
  source: fc.constantFrom('CEL XIX.2', 'BW 6:96', DOMAIN),
  reason: fc.string({ minLength: 1 }),
  earliestAt: fc.option(
    fc.date({ min: new Date('2024-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    {
      nil: null,
    },
  ),
});
const anyFacts = fc.record({
  timeZone: fc.constantFrom('Europe/Brussels', 'Europe/Amsterdam'),
  engine: fc.array(engineCheck, { maxLength: 6 }),
  openDisputes: fc.nat({ max: 3 }),
  openMinor: fc.bigInt({ min: 0n, max: 10_000_000n }),
  thresholdMinor: fc.bigInt({ min: 0n, max: 100_000n }),
  currency: fc.constant('EUR'),
  legalStops: fc.array(
    fc.record({
      kind: fc.constant('collective_debt_settlement'),
      since: fc.constant('2025-01-02'),
      source: fc.constant('Judicial Code art. 1675/7'),
    }),
    {
      maxLength: 1,
    },
  ),
  approval: fc.record({ status: fc.constantFrom<ApprovalStatus>('not_required', 'not_asked', 'awaiting', 'approved', 'declined') }),
});

describe('eligibility, for any case', () => {
  it('is eligible iff every condition is met, and every unmet condition names a rule and its source', () => {
    fc.assert(
      fc.property(anyFacts, (f) => {
        const e = eligibility(f);
        expect(e.eligible).toBe(e.conditions.every((c) => c.met));
        for (const c of e.conditions.filter((x) => !x.met)) {
          expect(c.rule).toMatch(/^[A-Z][A-Z0-9-]+$/);
          expect(c.source.length).toBeGreaterThan(0);
        }
        if (e.eligibleFrom) expect(e.conditions.filter((c) => !c.met).every((c) => c.metFrom && c.metFrom <= e.eligibleFrom!)).toBe(true);
      }),
    );
  });

  it('is never eligible with an open dispute, before the notice term ran out, or under a legal stop', () => {
    fc.assert(
      fc.property(anyFacts, (f) => {
        const e = eligibility(f);
        const termRunning = f.engine.some((c) => !c.allowed && c.rule !== 'CASE-DISPUTE-OPEN');
        if (f.openDisputes > 0 || termRunning || f.legalStops.length > 0 || f.engine.length === 0) expect(e.eligible).toBe(false);
      }),
    );
  });
});

describe('the cost–benefit estimate', () => {
  it('sets the route’s court and bailiff costs against the open amount at the agency’s default rate without history', () => {
    const e = estimateEscalation({
      country: 'BE',
      debtorKind: 'consumer',
      openMinor: 100_000n,
      currency: 'EUR',
      history: { closed: 2, recovered: 2 },
    });
    expect(e).toMatchObject({
      courtCostsMinor: 7_400n,
      bailiffCostsMinor: 20_000n,
      recoveryRateBp: 5_000,
      recoveryRateBasis: 'agency_default',
      expectedRecoveryMinor: 50_000n,
      netMinor: 22_600n,
    });
  });

  it('takes its route from libs/legal, so a claim above the justice of the peace’s limit goes to the court of first instance', () => {
    const at = (openMinor: bigint) =>
      estimateEscalation({ country: 'BE', debtorKind: 'consumer', openMinor, currency: 'EUR', history: { closed: 0, recovered: 0 } });
    expect(at(500_000n)).toMatchObject({ route: expect.stringMatching(/^BE-R-2: /), routeSource: expect.stringMatching(/art\. 590/) });
    const above = at(500_001n);
    expect(above.route).toMatch(/^BE-R-3: /);
    // No indicative figures for that route: nothing is counted, and the source says so.
    expect(above).toMatchObject({ courtCostsMinor: 0n, bailiffCostsMinor: 0n, costSource: expect.stringMatching(/no indicative figures/) });
    expect(
      estimateEscalation({ country: 'DE', debtorKind: 'consumer', openMinor: 1n, currency: 'EUR', history: { closed: 0, recovered: 0 } })
        .route,
    ).toBe('DE: no court route known');
  });

  it('uses the client’s own recovery rate once it closed enough cases', () => {
    const e = estimateEscalation({
      country: 'NL',
      debtorKind: 'business',
      openMinor: 50_000n,
      currency: 'EUR',
      history: { closed: 10, recovered: 3 },
    });
    expect(e).toMatchObject({
      recoveryRateBp: 3_000,
      recoveryRateBasis: 'client_history',
      expectedRecoveryMinor: 15_000n,
      netMinor: 15_000n - 37_700n,
    });
  });

  it('net is expected recovery less the costs, for any amount and history', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.nat({ max: 50 }), fc.nat({ max: 50 }), (open, closed, r) => {
        const e = estimateEscalation({
          country: 'BE',
          debtorKind: 'business',
          openMinor: open,
          currency: 'EUR',
          history: { closed, recovered: Math.min(r, closed) },
        });
        expect(e.netMinor).toBe(e.expectedRecoveryMinor - e.courtCostsMinor - e.bailiffCostsMinor);
        expect(e.expectedRecoveryMinor <= open).toBe(true);
      }),
    );
  });
});

describe('the proposal', () => {
  it('takes the client’s answer only while it is awaited', () => {
    expect(answerProposal('awaiting_client', true)).toBe('awaiting_legal');
    expect(answerProposal('awaiting_client', false)).toBe('declined');
    expect(() => answerProposal('awaiting_legal', true)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => answerProposal(null, true)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('reads the approval off the proposal on file', () => {
    expect(approvalOf(false, null)).toEqual({ status: 'not_required' });
    expect(approvalOf(true, null)).toEqual({ status: 'not_asked' });
    expect(approvalOf(true, { status: 'awaiting_legal', approvedAt: '2025-03-20T10:00:00Z' })).toEqual({ status: 'approved' });
    expect(approvalOf(true, { status: 'declined', approvedAt: null, reason: 'no' })).toEqual({ status: 'declined', reason: 'no' });
  });
});
