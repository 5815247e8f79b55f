/**
 * What one batch of validated placement rows changes, decided before anything is written.
 *
 * Per row: a new claim, a duplicate of a known invoice (same amount: skipped), or a known
 * invoice with another amount (reported, never applied silently). Per new claim: its debtor
 * (matched by `debtor-matching`, else new) and its case (the open case of that debtor for the
 * client and brand, else a new one; rows of one debtor in the batch share one new case).
 *
 * Re-importing a file is idempotent by (client, invoice number): planned against the state the
 * first import left, the same rows create nothing.
 */
import { matchKeys, type MatchKey } from '../debtors/debtor-matching';
import type { Money } from '@amicus/money';
import { noCounts, type PlacementCounts } from './placement-report';
import type { PlacementRow } from './row-validation';

export interface KnownClaim {
  claimId: string;
  caseId: string;
  principal: Money;
}

/** What the client already has, as far as this batch needs to know. All maps are one client's. */
export interface PlacementKnowledge {
  /** By invoice number. */
  claims: ReadonlyMap<string, KnownClaim>;
  /** Debtor id by match key. */
  debtors: ReadonlyMap<MatchKey, string>;
  /** Open case id by `openCaseKey(brandId, debtorId, currency)`. */
  openCases: ReadonlyMap<string, string>;
}

export interface PlanInput {
  clientId: string;
  /** The placement's brand. */
  brandId: string;
  rows: readonly PlacementRow[];
  /** Rows the validator refused in this batch (for the summary). */
  rejectedRows: number;
  known: PlacementKnowledge;
  /** Id generator (uuid v7 in the service; deterministic in tests). */
  newId: (kind: 'debtor' | 'case' | 'claim') => string;
  /** The brand of a row that names one (`row.brand`); the placement's brand otherwise. */
  brandOf?: (row: PlacementRow) => string;
}

export type PlannedRow =
  | { line: number; decision: 'new_claim'; claimId: string; caseId: string; debtorId: string; debtorIsNew: boolean; caseIsNew: boolean }
  | { line: number; decision: 'duplicate'; invoiceNumber: string; claimId: string }
  | { line: number; decision: 'changed_amount'; invoiceNumber: string; claimId: string; known: Money; placed: Money };

export interface PlannedDebtor {
  debtorId: string;
  /** The debtor as the first row naming it describes it. */
  debtor: PlacementRow['debtor'];
  keys: MatchKey[];
}

export interface PlannedCase {
  caseId: string;
  clientId: string;
  brandId: string;
  debtorId: string;
  currency: string;
}

export interface PlannedClaim {
  claimId: string;
  caseId: string;
  debtorId: string;
  line: number;
  claim: PlacementRow['claim'];
}

/** One batch's plan in the report's words (PlacementCounts), and what it did to debtors. */
export interface PlacementSummary extends PlacementCounts {
  debtorsCreated: number;
  debtorsMatched: number;
}

export interface PlacementPlan {
  rows: PlannedRow[];
  newDebtors: PlannedDebtor[];
  /** Keys a known debtor gains from this batch (a new e-mail, say), none already taken. */
  debtorKeysAdded: { debtorId: string; key: MatchKey }[];
  newCases: PlannedCase[];
  /** Open cases that receive new claims. */
  extendedCaseIds: string[];
  newClaims: PlannedClaim[];
  summary: PlacementSummary;
}

/** What a row says of who its debtor is, for matching. */
export function identityOf(row: PlacementRow) {
  return {
    clientReference: row.debtor.clientReference,
    name: row.debtor.name,
    vatNumber: row.debtor.vatNumber,
    email: row.debtor.email,
    postcode: row.debtor.address.postcode,
    country: row.debtor.address.country,
  };
}

const keysOfRow = new WeakMap<PlacementRow, MatchKey[]>();

/** A row's match keys (`matchKeys` of its identity), worked out once however often asked. */
export function keysOf(row: PlacementRow): MatchKey[] {
  let keys = keysOfRow.get(row);
  if (!keys) keysOfRow.set(row, (keys = matchKeys(identityOf(row))));
  return keys;
}

/** A case holds one debtor's claims for one client, brand and currency: its balance is never a sum of two currencies. */
export function openCaseKey(brandId: string, debtorId: string, currency: string): string {
  return `${brandId}|${debtorId}|${currency}`;
}

export function planPlacement(input: PlanInput): PlacementPlan {
  const { known } = input;
  // Working copies: what the batch has decided so far counts as known for the next rows.
  const claims = new Map(known.claims);
  const debtors = new Map(known.debtors);
  const openCases = new Map(known.openCases);
  const newDebtors = new Map<string, PlannedDebtor>();
  const newCaseIds = new Set<string>();
  const extended = new Set<string>();
  const matchedDebtors = new Set<string>();

  const plan: PlacementPlan = {
    rows: [],
    newDebtors: [],
    debtorKeysAdded: [],
    newCases: [],
    extendedCaseIds: [],
    newClaims: [],
    summary: emptySummary(),
  };

  for (const row of input.rows) {
    const { invoiceNumber, principal } = row.claim;
    const knownClaim = claims.get(invoiceNumber);
    if (knownClaim) {
      if (sameMoney(knownClaim.principal, principal)) {
        plan.rows.push({ line: row.line, decision: 'duplicate', invoiceNumber, claimId: knownClaim.claimId });
      } else {
        plan.rows.push({
          line: row.line,
          decision: 'changed_amount',
          invoiceNumber,
          claimId: knownClaim.claimId,
          known: knownClaim.principal,
          placed: principal,
        });
      }
      continue;
    }

    const keys = keysOf(row);
    // As findMatch: the first of its keys (strongest first) the index knows.
    const matchedKey = keys.find((key) => debtors.has(key));
    const match = matchedKey === undefined ? undefined : { debtorId: debtors.get(matchedKey)! };
    let debtorId: string;
    if (match) {
      debtorId = match.debtorId;
      if (!newDebtors.has(debtorId)) matchedDebtors.add(debtorId);
      for (const key of keys) {
        if (debtors.has(key)) continue;
        debtors.set(key, debtorId);
        const planned = newDebtors.get(debtorId);
        if (planned) planned.keys.push(key);
        else plan.debtorKeysAdded.push({ debtorId, key });
      }
    } else {
      debtorId = input.newId('debtor');
      for (const key of keys) debtors.set(key, debtorId);
      const planned: PlannedDebtor = { debtorId, debtor: row.debtor, keys: [...keys] };
      newDebtors.set(debtorId, planned);
      plan.newDebtors.push(planned);
    }

    const brandId = input.brandOf?.(row) ?? input.brandId;
    const caseKey = openCaseKey(brandId, debtorId, principal.currency);
    let caseId = openCases.get(caseKey);
    if (caseId === undefined) {
      caseId = input.newId('case');
      openCases.set(caseKey, caseId);
      newCaseIds.add(caseId);
      plan.newCases.push({ caseId, clientId: input.clientId, brandId, debtorId, currency: principal.currency });
    } else if (!newCaseIds.has(caseId)) {
      extended.add(caseId);
    }

    const claimId = input.newId('claim');
    claims.set(invoiceNumber, { claimId, caseId, principal });
    plan.newClaims.push({ claimId, caseId, debtorId, line: row.line, claim: row.claim });
    plan.rows.push({
      line: row.line,
      decision: 'new_claim',
      claimId,
      caseId,
      debtorId,
      debtorIsNew: newDebtors.has(debtorId),
      caseIsNew: newCaseIds.has(caseId),
    });
  }

  plan.extendedCaseIds = [...extended];
  plan.summary = {
    rowsRead: input.rows.length + input.rejectedRows,
    imported: plan.newClaims.length,
    rejected: input.rejectedRows,
    casesOpened: plan.newCases.length,
    casesExtended: extended.size,
    duplicates: plan.rows.filter((r) => r.decision === 'duplicate').length,
    conflicts: plan.rows.filter((r) => r.decision === 'changed_amount').length,
    debtorsCreated: plan.newDebtors.length,
    debtorsMatched: matchedDebtors.size,
  };
  return plan;
}

/** The knowledge after a plan is written: what the next batch (or a re-import) plans against. */
export function applyPlan(known: PlacementKnowledge, plan: PlacementPlan): PlacementKnowledge {
  const claims = new Map(known.claims);
  const debtors = new Map(known.debtors);
  const openCases = new Map(known.openCases);
  for (const debtor of plan.newDebtors) for (const key of debtor.keys) debtors.set(key, debtor.debtorId);
  for (const { debtorId, key } of plan.debtorKeysAdded) debtors.set(key, debtorId);
  for (const planned of plan.newCases) openCases.set(openCaseKey(planned.brandId, planned.debtorId, planned.currency), planned.caseId);
  for (const claim of plan.newClaims)
    claims.set(claim.claim.invoiceNumber, { claimId: claim.claimId, caseId: claim.caseId, principal: claim.claim.principal });
  return { claims, debtors, openCases };
}

export function emptyKnowledge(): PlacementKnowledge {
  return { claims: new Map(), debtors: new Map(), openCases: new Map() };
}

function emptySummary(): PlacementSummary {
  return { ...noCounts(), debtorsCreated: 0, debtorsMatched: 0 };
}

function sameMoney(a: Money, b: Money): boolean {
  return a.amountMinor === b.amountMinor && a.currency === b.currency;
}
