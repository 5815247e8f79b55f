import fc from 'fast-check';
import {
  COMPLAINT_CATEGORIES,
  DISPUTE_REASONS,
  applyComplaintFact,
  applyDisputeFact,
  median,
  rootCauseView,
  type ComplaintFact,
  type ComplaintRecord,
  type DisputeFact,
  type DisputeRecord,
} from './root-causes';

const CLIENT = '0193a3c4-0000-7000-8000-00000000000c';
const BRAND_A = '0193a3c4-0000-7000-8000-0000000000a1';
const BRAND_B = '0193a3c4-0000-7000-8000-0000000000b2';
const ALL = { from: null, to: null };

const raised = (disputeId: string, over: Partial<Extract<DisputeFact, { kind: 'raised' }>> = {}): DisputeFact => ({
  kind: 'raised',
  disputeId,
  caseId: `case-${disputeId}`,
  clientId: CLIENT,
  brandId: BRAND_A,
  reason: 'poor_quality',
  on: '2026-03-02',
  answerDueOn: '2026-03-16',
  ...over,
});
const answered = (disputeId: string, on: string, late = false): DisputeFact => ({
  kind: 'answered',
  disputeId,
  caseId: `case-${disputeId}`,
  clientId: CLIENT,
  on,
  late,
});
const resolved = (disputeId: string, outcome: 'upheld' | 'rejected' | 'partly_upheld', brandId = BRAND_A): DisputeFact => ({
  kind: 'resolved',
  disputeId,
  caseId: `case-${disputeId}`,
  clientId: CLIENT,
  brandId,
  outcome,
  on: '2026-03-20',
});

/** The records the facts make, one per dispute, in the order given. */
function fold(facts: DisputeFact[]): DisputeRecord[] {
  const out = new Map<string, DisputeRecord>();
  for (const f of facts) out.set(f.disputeId, applyDisputeFact(out.get(f.disputeId), f));
  return [...out.values()].sort((a, b) => (a.disputeId < b.disputeId ? -1 : 1));
}

describe("a client's root causes", () => {
  it('counts disputes by reason and brand, how they ended, and how fast the client answered', () => {
    const records = fold([
      raised('d1', { reason: 'not_received' }),
      answered('d1', '2026-03-06'),
      resolved('d1', 'upheld'),
      raised('d2', { reason: 'not_received', brandId: BRAND_B }),
      answered('d2', '2026-03-20', true),
      resolved('d2', 'rejected', BRAND_B),
      raised('d3', { reason: 'wrong_amount' }),
      answered('d3', '2026-03-04'),
      resolved('d3', 'partly_upheld'),
      raised('d4', { reason: 'wrong_amount' }),
    ]);
    const v = rootCauseView(records, [], ALL);
    expect(v.disputes).toEqual({ raised: 4, open: 1, resolved: 3, upheld: 1, rejected: 1, partlyUpheld: 1 });
    expect(v.byReason).toEqual([
      { reason: 'not_received', raised: 2, open: 0, resolved: 2, upheld: 1, rejected: 1, partlyUpheld: 0 },
      { reason: 'wrong_amount', raised: 2, open: 1, resolved: 1, upheld: 0, rejected: 0, partlyUpheld: 1 },
    ]);
    expect(v.byBrand.map((b) => [b.brandId, b.raised])).toEqual([
      [BRAND_A, 3],
      [BRAND_B, 1],
    ]);
    // 4, 18 and 2 days: the median 4; two of three within the service level.
    expect(v.answers).toEqual({ answered: 3, withinSla: 2, withinSlaBp: 6666, medianDaysToAnswer: 4 });
    expect(v.shares).toEqual({ upheldBp: 3333, rejectedBp: 3333, partlyUpheldBp: 3333 });
  });

  it('counts a dispute in the period it was raised in, and not before its raising has arrived', () => {
    const records = fold([raised('d1', { on: '2026-02-27' }), raised('d2', { on: '2026-03-01' }), resolved('d3', 'upheld')]);
    expect(rootCauseView(records, [], { from: '2026-03-01', to: '2026-03-31' }).disputes.raised).toBe(1);
    expect(rootCauseView(records, [], { from: null, to: '2026-02-28' }).disputes.raised).toBe(1);
    expect(rootCauseView(records, [], ALL).disputes.raised).toBe(2);
  });

  it('keeps the first answer when a client answers twice', () => {
    const [r] = fold([raised('d1'), answered('d1', '2026-03-18', true), answered('d1', '2026-03-05')]);
    expect(r).toMatchObject({ answeredOn: '2026-03-05', answeredLate: false });
    expect(median([])).toBeNull();
    expect(median([1, 4, 2, 9])).toBe(3);
  });

  it('counts complaints by category and status, every category listed', () => {
    const c = (complaintId: string, category: ComplaintRecord['category']) => ({
      complaintId,
      caseId: 'case',
      clientId: CLIENT,
      brandId: BRAND_A,
      category,
      on: '2026-03-03',
    });
    const facts: ComplaintFact[] = [
      { kind: 'logged', ...c('c1', 'tone') },
      { kind: 'closed', ...c('c1', 'tone'), upheld: true, answeredInTime: true },
      { kind: 'logged', ...c('c2', 'tone') },
      { kind: 'logged', ...c('c3', 'privacy') },
    ];
    const records = new Map<string, ComplaintRecord>();
    for (const f of facts) records.set(f.complaintId, applyComplaintFact(records.get(f.complaintId), f));
    const v = rootCauseView([], [...records.values()], ALL);
    expect(v.complaints.map((x) => x.category)).toEqual(COMPLAINT_CATEGORIES);
    expect(v.complaints.find((x) => x.category === 'tone')).toEqual({
      category: 'tone',
      logged: 2,
      open: 1,
      closed: 1,
      upheld: 1,
      answeredInTime: 1,
    });
    expect(v.complaints.find((x) => x.category === 'privacy')).toMatchObject({ logged: 1, open: 1 });
  });

  describe('properties', () => {
    const dispute = fc.record({
      reason: fc.constantFrom(...DISPUTE_REASONS),
      brand: fc.constantFrom(BRAND_A, BRAND_B),
      raisedDay: fc.integer({ min: 1, max: 28 }),
      answers: fc.array(fc.record({ after: fc.nat(30), late: fc.boolean() }), { maxLength: 2 }),
      outcome: fc.option(fc.constantFrom('upheld' as const, 'rejected' as const, 'partly_upheld' as const)),
    });
    const day = (d: number) => `2026-03-${String(Math.min(d, 31)).padStart(2, '0')}`;
    const factsOf = (list: fc.infer<typeof dispute>[]) =>
      list.flatMap((d, i): DisputeFact[] => {
        const id = `d${i}`;
        return [
          raised(id, { reason: d.reason, brandId: d.brand, on: day(d.raisedDay) }),
          ...d.answers.map((a) => answered(id, day(d.raisedDay + a.after), a.late)),
          ...(d.outcome ? [resolved(id, d.outcome, d.brand)] : []),
        ];
      });

    it('adds the outcomes up to the resolved disputes, and the resolved and open up to the raised, in every group', () => {
      fc.assert(
        fc.property(fc.array(dispute, { maxLength: 12 }), (list) => {
          const v = rootCauseView(fold(factsOf(list)), [], ALL);
          for (const g of [v.disputes, ...v.byReason, ...v.byBrand]) {
            expect(g.upheld + g.rejected + g.partlyUpheld).toBe(g.resolved);
            expect(g.resolved + g.open).toBe(g.raised);
          }
          expect(v.disputes.resolved).toBe(list.filter((d) => d.outcome).length);
          expect(v.byReason.reduce((n, g) => n + g.raised, 0)).toBe(list.length);
          expect(v.byBrand.reduce((n, g) => n + g.raised, 0)).toBe(list.length);
          expect(v.answers.withinSla).toBeLessThanOrEqual(v.answers.answered);
        }),
      );
    });

    it('gives the same view whatever order the events come in and however often one is delivered again', () => {
      fc.assert(
        fc.property(
          fc.array(dispute, { maxLength: 10 }).chain((list) => {
            const facts = factsOf(list);
            return fc.tuple(
              fc.constant(facts),
              fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length }),
              fc.array(fc.nat(Math.max(0, facts.length - 1)), { maxLength: 5 }),
            );
          }),
          ([facts, shuffled, again]) => {
            const redelivered = [...shuffled, ...again.filter(() => facts.length > 0).map((i) => shuffled[i]!), ...facts];
            expect(fold(redelivered)).toEqual(fold(facts));
            expect(rootCauseView(fold(redelivered), [], ALL)).toEqual(rootCauseView(fold(facts), [], ALL));
          },
        ),
      );
    });
  });
});
