/**
 * What the database knows that a placement batch plans against: the client and its brands,
 * the batch's invoices already placed, its debtors by match key, and their open cases.
 */
import type { EntityManager } from 'typeorm';
import { DomainError } from '@amicus/errors';
import { uuidV7 } from '@amicus/ids';
import type { Debtor } from '../debtors/debtor';
import type { MatchKey } from '../debtors/debtor-matching';
import { debtorsByIds } from '../debtors/debtor-rows';
import type { ContactOutcome } from '../worklist/worklist';
import { keysOf, openCaseKey, planPlacement, type KnownClaim, type PlacementKnowledge, type PlacementPlan } from './placement-plan';
import type { PlacementRow } from './row-validation';

export interface ClientFacts {
  country: string;
  brands: { id: string; name: string; languages: string[] }[];
}

export interface OpenCaseFacts {
  id: string;
  brandId: string;
  debtorId: string;
  currency: string;
  openMinor: bigint;
  oldestDueDate: string;
  brokenPromises: number;
  lastContactOutcome: ContactOutcome | null;
  openedByPlacementId: string | null;
  phase: string;
}

export interface PlannedBatch {
  plan: PlacementPlan;
  /** The open cases of the batch's known debtors. */
  cases: Map<string, OpenCaseFacts>;
  /** The batch's known debtors, by id. */
  debtors: Map<string, Debtor>;
}

export async function clientFacts(m: EntityManager, clientId: string): Promise<ClientFacts> {
  const [client]: { country: string }[] = await m.query(`SELECT country FROM cases.clients WHERE id = $1`, [clientId]);
  if (!client) throw new DomainError('not_found', `no client ${clientId}`, [{ field: 'clientId', reason: 'no such client' }]);
  const brands: ClientFacts['brands'] = await m.query(
    `SELECT id, name, languages FROM cases.brands WHERE client_id = $1 ORDER BY created_at, id`,
    [clientId],
  );
  return { country: client.country, brands };
}

/** The placement's brand: the one asked for, else the client's first. */
export function placementBrand(client: ClientFacts, brandId: string | null | undefined): ClientFacts['brands'][number] {
  if (brandId) {
    const brand = client.brands.find((b) => b.id === brandId);
    if (!brand) throw DomainError.invalid([{ field: 'brandId', reason: 'is not a brand of this client' }]);
    return brand;
  }
  const first = client.brands[0];
  if (!first) throw DomainError.invalid([{ field: 'brandId', reason: 'the client has no brand yet: create one first' }]);
  return first;
}

interface ClaimRow {
  invoice_number: string;
  id: string;
  case_id: string;
  principal: string;
  currency: string;
}
interface KeyRow {
  key: string;
  debtor_id: string;
}
interface CaseRow {
  id: string;
  brand_id: string;
  debtor_id: string;
  currency: string;
  open: string;
  oldest: string;
  broken_promises: number;
  last_contact_outcome: ContactOutcome | null;
  opened_by_placement_id: string | null;
  phase: string;
}

/**
 * What a placement has learnt of its debtors so far, so that each is looked up once per file
 * rather than once per batch: their match keys, the keys the database did not know, the debtors
 * as they now are (with what earlier batches merged into them) and their open cases — those
 * the database had when first asked and those this placement opened. Other writers cannot add
 * a debtor for the client meanwhile (placements of one client take turns); a change made to a
 * known debtor or case by another hand during the placement is not seen by its later batches.
 * Bounded: past `capacity` debtors, further ones are looked up per batch as before, so memory
 * stays flat however many debtors a file names.
 */
export class PlacementMemo {
  readonly keys = new Map<MatchKey, string>();
  readonly absent = new Set<MatchKey>();
  readonly debtors = new Map<string, Debtor>();
  readonly casesOf = new Map<string, OpenCaseFacts[]>();

  constructor(readonly capacity = 100_000) {}

  get full(): boolean {
    return this.debtors.size >= this.capacity;
  }

  /** A debtor and its open cases, as the database has them or as this placement made them. */
  remember(debtor: Debtor, cases: readonly OpenCaseFacts[]): void {
    if (this.debtors.has(debtor.id) || !this.full) {
      this.debtors.set(debtor.id, debtor);
      if (!this.casesOf.has(debtor.id)) this.casesOf.set(debtor.id, []);
      for (const c of cases) this.addCase(c);
    }
  }

  /** Keys now taken by a debtor: known from here on if the debtor is remembered, asked again otherwise. */
  taken(key: MatchKey, debtorId: string): void {
    this.absent.delete(key);
    if (this.debtors.has(debtorId)) this.keys.set(key, debtorId);
  }

  addCase(c: OpenCaseFacts): void {
    const list = this.casesOf.get(c.debtorId);
    if (list && !list.some((known) => known.id === c.id)) list.push(c);
  }
}

interface Lookup {
  claimRows: ClaimRow[];
  keyRows: KeyRow[];
  cases: OpenCaseFacts[];
  debtorList: Debtor[];
}

/** The database's answer for a batch, asking only what the memo does not know (everything without one). */
async function lookUp(m: EntityManager, clientId: string, rows: PlacementRow[], memo: PlacementMemo | undefined): Promise<Lookup> {
  const invoiceNumbers = [...new Set(rows.map((r) => r.claim.invoiceNumber))];
  const allKeys = [...new Set(rows.flatMap((r) => keysOf(r)))];
  const unknownKeys = memo ? allKeys.filter((k) => !memo.keys.has(k) && !memo.absent.has(k)) : allKeys;
  const [claimRows, foundRows]: [ClaimRow[], KeyRow[]] = await Promise.all([
    m.query(
      `SELECT invoice_number, id, case_id, principal_minor::text AS principal, currency FROM cases.claims WHERE client_id = $1 AND invoice_number = ANY($2::text[])`,
      [clientId, invoiceNumbers],
    ),
    unknownKeys.length
      ? m.query(`SELECT key, debtor_id FROM cases.debtor_match_keys WHERE client_id = $1 AND key = ANY($2::text[])`, [
          clientId,
          unknownKeys,
        ])
      : Promise.resolve([]),
  ]);
  const keyRows: KeyRow[] = [...foundRows];
  if (memo) {
    const found = new Set(foundRows.map((r) => r.key));
    for (const k of unknownKeys) if (!found.has(k)) memo.absent.add(k);
    for (const k of allKeys) {
      const debtorId = memo.keys.get(k);
      if (debtorId !== undefined) keyRows.push({ key: k, debtor_id: debtorId });
    }
  }
  const debtorIds = [...new Set(keyRows.map((r) => r.debtor_id))];
  const toLoad = memo ? debtorIds.filter((id) => !memo.debtors.has(id)) : debtorIds;
  const [caseRows, loaded]: [CaseRow[], Debtor[]] = toLoad.length
    ? await Promise.all([
        m.query(
          `SELECT id, brand_id, debtor_id, currency, open_minor::text AS open, oldest_due_date::text AS oldest, broken_promises, last_contact_outcome, opened_by_placement_id, phase
             FROM cases.cases WHERE client_id = $1 AND debtor_id = ANY($2::uuid[]) AND phase <> 'closed'`,
          [clientId, toLoad],
        ),
        debtorsByIds(m, toLoad),
      ])
    : [[], []];
  const loadedCases = caseRows.map(caseOfRow);
  if (!memo) return { claimRows, keyRows, cases: loadedCases, debtorList: loaded };
  for (const d of loaded)
    memo.remember(
      d,
      loadedCases.filter((c) => c.debtorId === d.id),
    );
  for (const r of foundRows) memo.taken(r.key, r.debtor_id);
  // The batch's debtors and cases: the memo's, and those it had no room for, as just loaded.
  const debtorList = debtorIds.flatMap((id) => memo.debtors.get(id) ?? loaded.filter((d) => d.id === id));
  const remembered = debtorIds.flatMap((id) => memo.casesOf.get(id) ?? []);
  const notRemembered = loadedCases.filter((c) => !memo.casesOf.has(c.debtorId));
  return { claimRows, keyRows, cases: [...remembered, ...notRemembered], debtorList };
}

function caseOfRow(r: CaseRow): OpenCaseFacts {
  return {
    id: r.id,
    brandId: r.brand_id,
    debtorId: r.debtor_id,
    currency: r.currency.trim(),
    openMinor: BigInt(r.open),
    oldestDueDate: r.oldest,
    brokenPromises: r.broken_promises,
    lastContactOutcome: r.last_contact_outcome,
    openedByPlacementId: r.opened_by_placement_id,
    phase: r.phase,
  };
}

/** What the database (and the placement's memo) knows of this batch's invoices and debtors, and the plan against it. */
export async function planBatch(
  m: EntityManager,
  batch: { clientId: string; brandId: string; rows: PlacementRow[]; rejected: number; brandOf: (row: PlacementRow) => string },
  memo?: PlacementMemo,
): Promise<PlannedBatch> {
  const { clientId, rows } = batch;
  const { claimRows, keyRows, cases: caseList, debtorList } = await lookUp(m, clientId, rows, memo);

  const claims = new Map<string, KnownClaim>();
  for (const r of claimRows)
    claims.set(r.invoice_number, {
      claimId: r.id,
      caseId: r.case_id,
      principal: { amountMinor: BigInt(r.principal), currency: r.currency.trim() },
    });
  const cases = new Map<string, OpenCaseFacts>();
  const openCases = new Map<string, string>();
  for (const c of caseList) {
    cases.set(c.id, c);
    openCases.set(openCaseKey(c.brandId, c.debtorId, c.currency), c.id);
  }
  const debtors = new Map(debtorList.map((d) => [d.id, d]));
  const known: PlacementKnowledge = { claims, debtors: new Map(keyRows.map((r) => [r.key, r.debtor_id])), openCases };

  const plan = planPlacement({
    clientId,
    brandId: batch.brandId,
    rows,
    rejectedRows: batch.rejected,
    known,
    newId: () => uuidV7(),
    brandOf: batch.brandOf,
  });
  return { plan, cases, debtors };
}
