import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { ClaimPlaced, ClaimsPlaced, isEventOf, parseEvent, type EventEnvelope } from '@amicus/events';
import { openCase, placeClaims, type CaseDecision, type CaseState, type CommandContext } from '../src/case-lifecycle/case-lifecycle';
import { importPlacement } from '../src/placements/placement-import';
import { apiHeader, apiMapping, apiRecords, type ApiClaim } from '../src/placements/placement-input';
import { freshCasesDatabase, seedClient } from './database';

/**
 * The placement opens and extends cases set-based in SQL (placement-writes.ts); the lifecycle's
 * `openCase` and `placeClaims` say what that must mean. On generated placements — debtors met
 * again, claims spread over batches — every case the SQL touched has the phase, version, audit
 * entry and events the two functions decide.
 */
let ds: DataSource;
let drop: () => Promise<void>;
const NOW = new Date('2025-03-01T10:00:00Z');
const ctx: CommandContext = { actor: { kind: 'admin', id: 'it' }, at: NOW, today: '2025-03-01' };
let run = 0;

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('lifecycle'));
});
afterAll(() => drop());

interface CaseRow {
  id: string;
  client_id: string;
  brand_id: string;
  debtor_id: string;
  phase: CaseState['phase'];
  version: number;
  opened_at: Date;
}
interface AuditRow {
  case_id: string;
  action: string;
  before: { phase: string } | null;
  after: { phase: string; openClaimIds?: string[]; placedClaimIds?: string[] };
}

async function caseStates(clientId: string): Promise<Map<string, CaseState>> {
  const cases: CaseRow[] = await ds.query(
    `SELECT id, client_id, brand_id, debtor_id, phase, version, opened_at FROM cases.cases WHERE client_id = $1`,
    [clientId],
  );
  const claims: { id: string; case_id: string }[] = await ds.query(
    `SELECT id, case_id FROM cases.claims WHERE client_id = $1 ORDER BY id`,
    [clientId],
  );
  return new Map(
    cases.map((c) => [
      c.id,
      {
        caseId: c.id,
        clientId: c.client_id,
        brandId: c.brand_id,
        debtorId: c.debtor_id,
        phase: c.phase,
        version: c.version,
        openedAt: c.opened_at.toISOString(),
        claims: claims.filter((k) => k.case_id === c.id).map((k) => ({ claimId: k.id, status: 'open' as const })),
      },
    ]),
  );
}

async function place(
  clientId: string,
  claims: ApiClaim[],
  batchSize: number,
  debtorsKept: number,
): Promise<{ placementId: string; events: EventEnvelope[] }> {
  const placementId = crypto.randomUUID();
  const events: EventEnvelope[] = [];
  await ds.transaction((m) =>
    importPlacement(m, async (_m, e) => void events.push(...e), {
      placementId,
      clientId,
      source: 'api',
      fileName: null,
      actor: ctx.actor,
      correlationId: crypto.randomUUID(),
      header: apiHeader,
      records: apiRecords(claims),
      mapping: apiMapping,
      now: NOW,
      timeZone: 'Europe/Brussels',
      batchSize,
      debtorsKept,
    }),
  );
  return { placementId, events };
}

/** Each case the placement touched, against the lifecycle's decision for it. */
async function expectLifecycleAgreement(placementId: string, before: Map<string, CaseState>, events: EventEnvelope[]): Promise<void> {
  const placed: { case_id: string; claim_ids: string[] }[] = await ds.query(
    `SELECT case_id, array_agg(id ORDER BY id) AS claim_ids FROM cases.claims WHERE placement_id = $1 GROUP BY case_id`,
    [placementId],
  );
  for (const { case_id: caseId, claim_ids: claimIds } of placed) {
    const [row]: CaseRow[] = await ds.query(
      `SELECT id, client_id, brand_id, debtor_id, phase, version, opened_at FROM cases.cases WHERE id = $1`,
      [caseId],
    );
    const known = before.get(caseId);
    const decision: CaseDecision = known
      ? placeClaims(known, { claimIds }, ctx)
      : openCase({ caseId, clientId: row!.client_id, brandId: row!.brand_id, debtorId: row!.debtor_id, claimIds }, ctx);
    expect({ phase: row!.phase, version: row!.version }).toEqual({ phase: decision.state.phase, version: decision.state.version });

    const [audit]: AuditRow[] = await ds.query(
      `SELECT case_id, action, before, after FROM cases.audit_entries WHERE case_id = $1 AND reason = $2`,
      [caseId, `placement ${placementId}`],
    );
    expect(audit!.action).toBe(decision.audit.action);
    if (known) {
      // The SQL records what the placement added; the function's snapshot holds every open claim.
      expect(audit!.before?.phase).toBe(decision.audit.before?.phase);
      expect(audit!.after).toEqual({ phase: decision.audit.after.phase, placedClaimIds: claimIds });
      const open: { id: string }[] = await ds.query(`SELECT id FROM cases.claims WHERE case_id = $1 ORDER BY id`, [caseId]);
      expect([...decision.audit.after.openClaimIds].sort()).toEqual(open.map((c) => c.id));
    } else {
      expect(audit!.before).toBeNull();
      expect(audit!.after).toEqual(decision.audit.after);
    }

    const ofCase = events.filter((e) => e.aggregateId === caseId);
    const decided = decision.events;
    expect(ofCase.filter((e) => e.type === 'CaseOpened').length).toBe(decided.filter((e) => e.type === 'CaseOpened').length);
    // One ClaimsPlaced per case, however many batches its claims came in: exactly the claims of
    // the case in this placement, as the database holds them, in the order of their lines, and their sum.
    expect(ofCase.filter((e) => isEventOf(ClaimPlaced, e))).toEqual([]);
    const perCase = ofCase.filter((e) => isEventOf(ClaimsPlaced, e));
    expect(perCase).toHaveLength(1);
    const claimsPlaced = perCase[0]!;
    expect(() => parseEvent(JSON.parse(JSON.stringify(claimsPlaced)))).not.toThrow();
    if (!isEventOf(ClaimsPlaced, claimsPlaced)) throw new Error('not a ClaimsPlaced');
    const stored: { id: string; invoice_number: string; due_date: string; principal: string; currency: string }[] = await ds.query(
      `SELECT id, invoice_number, to_char(due_date, 'YYYY-MM-DD') AS due_date, principal_minor::text AS principal, currency
         FROM cases.claims WHERE placement_id = $1 AND case_id = $2 ORDER BY line, id`,
      [placementId, caseId],
    );
    expect(claimsPlaced.payload.claims.map((c) => [c.claimId, c.invoiceNumber, c.dueDate, c.principalMinor])).toEqual(
      stored.map((c) => [c.id, c.invoice_number, c.due_date, c.principal]),
    );
    expect(claimsPlaced.payload).toMatchObject({ caseId, placementId, currency: stored[0]!.currency.trim() });
    expect(BigInt(claimsPlaced.payload.principalMinor)).toBe(stored.reduce((sum, c) => sum + BigInt(c.principal), 0n));
    const decidedIds = decided.flatMap((e) => (e.type === 'ClaimPlaced' ? [e.claimId] : []));
    expect(claimsPlaced.payload.claims.map((c) => c.claimId).sort()).toEqual(decidedIds.sort());
  }
}

const debtors = ['Anna Janssens', 'Bart Peeters', 'Chris Maes', 'Dirk Claes'];
const claimsArb = fc.array(
  fc.record({ debtor: fc.integer({ min: 0, max: debtors.length - 1 }), cents: fc.integer({ min: 1, max: 500_000 }) }),
  { minLength: 1, maxLength: 7 },
);

describe('placements and the case lifecycle', () => {
  it('open and extend cases as openCase and placeClaims decide', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(claimsArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 4 }),
        // Debtors kept between batches: none, some, all (the rest are looked up per batch).
        fc.integer({ min: 0, max: 5 }),
        async (placements, batchSize, debtorsKept) => {
          const { clientId } = await seedClient(ds);
          for (const [p, claims] of placements.entries()) {
            const rows = claims.map((c, i): ApiClaim => ({
              debtorName: debtors[c.debtor]!,
              clientDebtorReference: `D${c.debtor}`,
              invoiceNumber: `R${++run}-P${p}-${i}`,
              issueDate: '2025-01-01',
              dueDate: '2025-01-31',
              amount: (c.cents / 100).toFixed(2),
              currency: 'EUR',
            }));
            const before = await caseStates(clientId);
            const { placementId, events } = await place(clientId, rows, batchSize, debtorsKept);
            await expectLifecycleAgreement(placementId, before, events);
          }
          // Each debtor is matched across batches and placements, never created twice.
          const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases.debtors WHERE client_id = $1`, [clientId]);
          expect(n).toBe(new Set(placements.flat().map((c) => c.debtor)).size);
        },
      ),
      { numRuns: 25 },
    );
  });
});
