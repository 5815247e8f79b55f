/**
 * A placement's writes, set-based: each batch's plan (debtors, match keys, cases, claims and
 * their events), and at the end the totals, priority scores and audit entries of every case
 * the placement opened or extended.
 */
import type { EntityManager } from 'typeorm';
import { CaseOpened, ClaimsPlaced, DebtorUpdated, createEvent, type ClaimsPlacedV1, type EventEnvelope } from '@amicus/events';
import { minorDigits } from '@amicus/money';
import { insertViaStage } from '../bulk-writes/copy-rows';
import { columnsOf, insertRows } from '../bulk-writes/unnest-rows';
import { debtorFromRow, debtorSnapshot, mergeContacts, type Debtor } from '../debtors/debtor';
import { insertDebtors, updateDebtorContacts } from '../debtors/debtor-rows';
import { issuePayLinks, payLinkWire } from '../pay-links/pay-link';
import { insertPayLinks } from '../pay-links/pay-link-store';
import type { ClientFacts, PlacementMemo, PlannedBatch } from './placement-knowledge';
import type { PlacementRequest, Publish } from './placement-import';
import type { PlacementRow } from './row-validation';

/** Writes one batch's plan with set-based statements; returns the number of cases opened. */
export async function writePlan(
  m: EntityManager,
  publish: Publish,
  req: PlacementRequest,
  { plan, cases, debtors: knownDebtors }: PlannedBatch,
  rows: PlacementRow[],
  client: ClientFacts,
  memo?: PlacementMemo,
): Promise<void> {
  const events: EventEnvelope[] = [];
  const at = req.now;
  const event = { clientId: req.clientId, correlationId: req.correlationId, occurredAt: at };
  const rowByLine = new Map(rows.map((r) => [r.line, r]));
  const languagesOf = (brandId: string) => client.brands.find((b) => b.id === brandId)?.languages ?? [];

  // Debtors: new ones, and known ones a row tells something new about.
  const newDebtors = new Map<string, Debtor>();
  const brandOfNewCase = new Map<string, string>();
  for (const c of plan.newCases) if (!brandOfNewCase.has(c.debtorId)) brandOfNewCase.set(c.debtorId, c.brandId);
  for (const planned of plan.newDebtors) {
    newDebtors.set(
      planned.debtorId,
      debtorFromRow(planned.debtorId, req.clientId, planned.debtor, languagesOf(brandOfNewCase.get(planned.debtorId) ?? '')),
    );
  }
  const updatedDebtors = new Map<string, Debtor>();
  for (const planned of plan.rows) {
    if (planned.decision !== 'new_claim' || planned.debtorIsNew) continue;
    const known = updatedDebtors.get(planned.debtorId) ?? knownDebtors.get(planned.debtorId);
    const row = rowByLine.get(planned.line);
    const merged = known && row ? mergeContacts(known, row.debtor) : null;
    if (merged) updatedDebtors.set(planned.debtorId, merged);
  }
  await insertDebtors(m, [...newDebtors.values()], at);
  const keyRows = [
    ...plan.newDebtors.flatMap((d) => d.keys.map((key) => [req.clientId, key, d.debtorId])),
    ...plan.debtorKeysAdded.map(({ debtorId, key }) => [req.clientId, key, debtorId]),
  ];
  if (keyRows.length)
    await insertRows(
      m,
      'cases.debtor_match_keys',
      [
        ['client_id', 'uuid'],
        ['key', 'text'],
        ['debtor_id', 'uuid'],
      ],
      keyRows,
    );
  if (updatedDebtors.size) {
    const list = [...updatedDebtors.values()];
    await updateDebtorContacts(m, list, at);
    const caseIdsOf = new Map<string, string[]>();
    for (const c of cases.values()) caseIdsOf.set(c.debtorId, [...(caseIdsOf.get(c.debtorId) ?? []), c.id]);
    for (const d of list) {
      const caseIds = caseIdsOf.get(d.id) ?? [];
      events.push(
        createEvent(DebtorUpdated, {
          ...event,
          aggregateId: d.id,
          payload: { debtorId: d.id, clientId: req.clientId, caseIds, debtor: debtorSnapshot(d) },
        }),
      );
    }
  }

  // Cases: totals of the new claims per case.
  const totals = new Map<string, { minor: bigint; currency: string; oldest: string; claimIds: string[] }>();
  for (const claim of plan.newClaims) {
    const t = totals.get(claim.caseId);
    if (t) {
      t.minor += claim.claim.principal.amountMinor;
      if (claim.claim.dueDate < t.oldest) t.oldest = claim.claim.dueDate;
      t.claimIds.push(claim.claimId);
    } else {
      totals.set(claim.caseId, {
        minor: claim.claim.principal.amountMinor,
        currency: claim.claim.principal.currency,
        oldest: claim.claim.dueDate,
        claimIds: [claim.claimId],
      });
    }
  }
  if (plan.newCases.length) {
    // The case numbers first: CaseOpened carries each, so communications prints the reference the bank import matches.
    const numbers: { n: string }[] = await m.query(`SELECT nextval('cases.case_number_seq')::text AS n FROM generate_series(1, $1)`, [
      plan.newCases.length,
    ]);
    const numberOf = new Map(plan.newCases.map((c, i) => [c.caseId, numbers[i]!.n]));
    // And each its pay link, issued with it: the case file keeps its hash, CaseOpened carries the token to communications.
    const links = issuePayLinks(plan.newCases.length, at);
    const linkOf = new Map(plan.newCases.map((c, i) => [c.caseId, links[i]!]));
    const values = plan.newCases.map((c) => {
      const t = totals.get(c.caseId)!;
      const exponent = minorDigits(t.currency);
      return [
        c.caseId,
        c.clientId,
        c.brandId,
        c.debtorId,
        t.currency,
        t.oldest,
        req.placementId,
        numberOf.get(c.caseId),
        t.minor,
        exponent,
      ];
    });
    // Inserted with this batch's claims totalled and scored (`cases.stored_priority_score`, as
    // totalCases scores): a case whose claims all come in this batch is not written again at the
    // end; its audit entry and journey come at the end with every other case's (totalCases).
    await m.query(
      `INSERT INTO cases.cases (id, client_id, brand_id, debtor_id, phase, currency, principal_minor, oldest_due_date, priority_score, opened_by_placement_id, next_action_at, opened_at, updated_at, case_number)
       SELECT id, client_id, brand_id, debtor_id, 'placed', currency, principal, oldest, cases.stored_priority_score(principal, exponent, oldest, 0, NULL),
              placement, $11, $11, $11, case_number
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::date[], $7::uuid[], $8::bigint[], $9::bigint[], $10::int[])
           AS t(id, client_id, brand_id, debtor_id, currency, oldest, placement, case_number, principal, exponent)`,
      [...columnsOf(values, 10), at],
    );
    await insertPayLinks(
      m,
      plan.newCases.map((c) => ({ caseId: c.caseId, clientId: c.clientId, brandId: c.brandId, link: linkOf.get(c.caseId)! })),
    );
    for (const c of plan.newCases) {
      const t = totals.get(c.caseId)!;
      const debtor = newDebtors.get(c.debtorId) ?? updatedDebtors.get(c.debtorId) ?? knownDebtors.get(c.debtorId)!;
      events.push(
        createEvent(CaseOpened, {
          ...event,
          aggregateId: c.caseId,
          payload: {
            caseId: c.caseId,
            clientId: c.clientId,
            brandId: c.brandId,
            debtorId: c.debtorId,
            debtor: debtorSnapshot(debtor),
            currency: t.currency,
            placementId: req.placementId,
            caseNumber: numberOf.get(c.caseId)!,
            payLink: payLinkWire(linkOf.get(c.caseId)!),
          },
        }),
      );
    }
  }

  // Claims.
  if (plan.newClaims.length) {
    await insertViaStage(
      m,
      'cases.claims',
      [
        'id',
        'client_id',
        'case_id',
        'placement_id',
        'line',
        'invoice_number',
        'issue_date',
        'due_date',
        'principal_minor',
        'currency',
        'description',
        'interest_clause',
        'damages_clause',
        'first_reminder_sent_on',
        'placed_at',
      ],
      plan.newClaims.map((c) => [
        c.claimId,
        req.clientId,
        c.caseId,
        req.placementId,
        c.line,
        c.claim.invoiceNumber,
        c.claim.issueDate,
        c.claim.dueDate,
        c.claim.principal.amountMinor,
        c.claim.principal.currency,
        c.claim.description ?? null,
        c.claim.interestClause,
        c.claim.damagesClause,
        c.claim.firstReminderSentOn ?? null,
        at,
      ]),
    );
    // Their events come once per case, at the end of the placement (publishClaimsPlaced).
  }

  await publish(m, events);

  // What the next batches plan against without asking the database again.
  if (memo) {
    for (const d of newDebtors.values()) memo.remember(d, []);
    for (const d of updatedDebtors.values()) if (memo.debtors.has(d.id)) memo.debtors.set(d.id, d);
    for (const d of plan.newDebtors) for (const key of d.keys) memo.taken(key, d.debtorId);
    for (const { debtorId, key } of plan.debtorKeysAdded) memo.taken(key, debtorId);
    for (const c of plan.newCases)
      memo.addCase({
        id: c.caseId,
        brandId: c.brandId,
        debtorId: c.debtorId,
        currency: c.currency,
        openMinor: 0n,
        oldestDueDate: totals.get(c.caseId)!.oldest,
        brokenPromises: 0,
        lastContactOutcome: null,
        openedByPlacementId: req.placementId,
        phase: 'placed',
      });
  }
}

/**
 * The end of a placement, set-based: every case that received claims has its new principal,
 * oldest due date and stored priority score (`cases.stored_priority_score`, the SQL twin of
 * `storedPriorityScore`) — written here unless the case was opened by the batch that brought all
 * its claims, which inserted it with them — and one audit entry — `open` for a case this placement opened (the
 * snapshot `openCase` records: phase and open claims), `place_claims` for an open case it
 * extended; and a new case's journey, due at once. Returns how many cases were opened and extended.
 */
export async function totalCases(m: EntityManager, req: PlacementRequest): Promise<{ opened: number; extended: number }> {
  const currencies: string[] = (await m.query(`SELECT DISTINCT currency FROM cases.claims WHERE placement_id = $1`, [req.placementId])).map(
    (r: { currency: string }) => r.currency,
  );
  const exponents = currencies.map((c) => minorDigits(c.trim()));
  const [counts] = await m.query(
    `WITH placed AS (
       SELECT case_id, sum(principal_minor)::bigint AS added, min(due_date) AS oldest, array_agg(id ORDER BY id) AS claim_ids
         FROM cases.claims WHERE placement_id = $1 GROUP BY case_id),
     touched AS (
       SELECT c.id, c.client_id, c.phase, c.opened_by_placement_id IS NOT DISTINCT FROM $1::uuid AS opened, p.claim_ids
         FROM cases.cases c JOIN placed p ON p.case_id = c.id),
     totalled AS (
       -- A case this placement opened holds the claims of the batch that opened it; one that
       -- received claims in later batches too, and an open case it extended, are totalled here.
       UPDATE cases.cases c
          SET principal_minor = (CASE WHEN c.opened_by_placement_id = $1 THEN 0 ELSE c.principal_minor END) + p.added,
              oldest_due_date = CASE WHEN c.opened_by_placement_id = $1 THEN p.oldest ELSE least(c.oldest_due_date, p.oldest) END,
              priority_score = cases.stored_priority_score(
                c.open_minor - (CASE WHEN c.opened_by_placement_id = $1 THEN c.principal_minor ELSE 0 END) + p.added, x.exponent,
                CASE WHEN c.opened_by_placement_id = $1 THEN p.oldest ELSE least(c.oldest_due_date, p.oldest) END,
                c.broken_promises, c.last_contact_outcome),
              version = c.version + (CASE WHEN c.opened_by_placement_id = $1 THEN 0 ELSE 1 END),
              updated_at = $5
         FROM placed p, unnest($2::text[], $3::int[]) AS x(currency, exponent)
        WHERE c.id = p.case_id AND x.currency = c.currency
          AND NOT (c.opened_by_placement_id = $1 AND c.principal_minor = p.added AND c.oldest_due_date = p.oldest)
        RETURNING c.id),
     journeys AS (
       -- A case this placement opened starts its journey on the scheduler's next pass.
       INSERT INTO cases.case_journeys (case_id, client_id, status, next_step_at, updated_at)
       SELECT id, client_id, 'new', $5, $5 FROM touched WHERE opened),
     audited AS (
       INSERT INTO cases.audit_entries (case_id, actor_kind, actor_id, at, action, reason, before, after)
       SELECT id, $4, $6, $5, CASE WHEN opened THEN 'open' ELSE 'place_claims' END, 'placement ' || $1::text,
              CASE WHEN opened THEN NULL ELSE jsonb_build_object('phase', phase) END,
              jsonb_build_object('phase', phase, CASE WHEN opened THEN 'openClaimIds' ELSE 'placedClaimIds' END, to_jsonb(claim_ids))
         FROM touched
       RETURNING action)
     SELECT count(*) FILTER (WHERE action = 'open')::int AS opened, count(*) FILTER (WHERE action = 'place_claims')::int AS extended,
            (SELECT count(*) FROM totalled)::int AS totalled
       FROM audited`,
    [req.placementId, currencies, exponents, req.actor.kind, req.now, req.actor.id],
  );
  return { opened: counts.opened, extended: counts.extended };
}

const CASES_PER_FETCH = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One ClaimsPlaced per case that received claims in this placement, carrying all of them (in
 * the order of their lines) and their sum: written at the end, after the case's CaseOpened, so a
 * case whose claims came in several batches still gets one event. Read back through a cursor,
 * a few thousand cases at a time, so memory stays flat however large the placement.
 */
export async function publishClaimsPlaced(m: EntityManager, publish: Publish, req: PlacementRequest): Promise<number> {
  if (!UUID.test(req.placementId)) throw new Error(`placement id ${JSON.stringify(req.placementId)} is not a uuid`);
  // DECLARE takes no bind parameters: the id is checked above to be a uuid.
  await m.query(
    `DECLARE placed_claims NO SCROLL CURSOR FOR
       SELECT case_id::text AS "caseId", min(currency) AS currency,
              json_agg(json_build_object('claimId', id, 'invoiceNumber', invoice_number, 'issueDate', to_char(issue_date, 'YYYY-MM-DD'),
                                         'dueDate', to_char(due_date, 'YYYY-MM-DD'), 'principalMinor', principal_minor::text, 'description', description)
                       ORDER BY line, id) AS claims
         FROM cases.claims WHERE placement_id = '${req.placementId}'::uuid GROUP BY case_id`,
  );
  let published = 0;
  for (;;) {
    const rows: Pick<ClaimsPlacedV1, 'caseId' | 'currency' | 'claims'>[] = await m.query(`FETCH ${CASES_PER_FETCH} FROM placed_claims`);
    if (!rows.length) break;
    await publish(
      m,
      rows.map((r) =>
        createEvent(ClaimsPlaced, {
          clientId: req.clientId,
          correlationId: req.correlationId,
          occurredAt: req.now,
          aggregateId: r.caseId,
          payload: claimsPlacedPayload(r.caseId, req.clientId, req.placementId, r.currency.trim(), r.claims),
        }),
      ),
    );
    published += rows.length;
  }
  await m.query(`CLOSE placed_claims`);
  return published;
}

/** A case's ClaimsPlaced payload from its claims: the sum is theirs (checked against the database's). */
export function claimsPlacedPayload(
  caseId: string,
  clientId: string,
  placementId: string | null,
  currency: string,
  claims: ClaimsPlacedV1['claims'],
): ClaimsPlacedV1 {
  const sum = claims.reduce((total, c) => total + BigInt(c.principalMinor), 0n);
  return { caseId, clientId, placementId, currency, principalMinor: sum.toString(), claims };
}
