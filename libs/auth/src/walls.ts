/**
 * The walls between tenants, written once for every subgraph: which cases, clients and brands a
 * caller may see.
 *
 * - an agency admin: everything;
 * - a client user: its own client's cases (and its client);
 * - an agent: the cases of the brands it works for (and those brands, and their clients);
 * - legal staff: the cases in legal review or legal proceedings (and the clients and brands of
 *   those cases, nothing of the rest);
 * - a debtor (no login: a pay link's token names one case): that one case.
 *
 * Services ask `caseInWall` for one case, and the SQL they filter lists by follows the same
 * `TenantWall` value (cases' `scopeSql`, reporting's `caseScopeSql`); Postgres row-level security
 * repeats it where a service has it. Money kept per client (agreements, the trust ledger,
 * remittances) has its own narrower rule, `clientMoneyWall`: it is the client's business, not a
 * case's.
 */
import type { Identity } from './identity';

export const LEGAL_PHASES = ['legal_review', 'legal'] as const;

export type TenantWall =
  | { kind: 'all' }
  | { kind: 'clients'; clientIds: string[] }
  | { kind: 'brands'; brandIds: string[] }
  | { kind: 'legal_phases' }
  | { kind: 'case'; caseId: string };

/** The wall of a logged-in caller (a debtor never logs in: its wall is `debtorWall`). */
export type StaffWall = Exclude<TenantWall, { kind: 'case' }>;

/** A case as far as the walls care. `caseId` is only needed for a debtor's wall. */
export interface CaseOwnership {
  caseId?: string;
  clientId: string;
  brandId: string | null;
  /** The case's phase: placed, amicable, legal_review, legal, closed. Unknown (null): not a legal phase. */
  phase: string | null;
}

/** The caller's wall. */
export function tenantWall(identity: Identity): StaffWall {
  switch (identity.role) {
    case 'agency_admin':
      return { kind: 'all' };
    case 'client_user':
      return { kind: 'clients', clientIds: identity.clientId ? [identity.clientId] : [] };
    case 'agent':
      return { kind: 'brands', brandIds: [...identity.brandIds] };
    case 'legal':
      return { kind: 'legal_phases' };
  }
}

/** A debtor's wall: the one case its pay link was issued for. */
export function debtorWall(caseId: string): TenantWall {
  return { kind: 'case', caseId };
}

export function isLegalPhase(phase: string | null): boolean {
  return phase !== null && (LEGAL_PHASES as readonly string[]).includes(phase);
}

/** Whether a case is inside the wall. */
export function caseInWall(wall: TenantWall, c: CaseOwnership): boolean {
  switch (wall.kind) {
    case 'all':
      return true;
    case 'clients':
      return wall.clientIds.includes(c.clientId);
    case 'brands':
      return c.brandId !== null && wall.brandIds.includes(c.brandId);
    case 'legal_phases':
      return isLegalPhase(c.phase);
    case 'case':
      return c.caseId !== undefined && c.caseId === wall.caseId;
  }
}

/** May the caller read this case? */
export function mayReadCase(identity: Identity, c: CaseOwnership): boolean {
  return caseInWall(tenantWall(identity), c);
}

/**
 * Whether a client (or a brand of it) is listed: the admin all; a client user its own (even
 * before it placed anything); an agent the clients of its brands; legal staff and a debtor the
 * clients of a case they may see. `cases` are the client's cases (only needed for those two).
 */
export function clientInWall(wall: TenantWall, client: { clientId: string; brandIds: string[]; cases?: CaseOwnership[] }): boolean {
  switch (wall.kind) {
    case 'all':
      return true;
    case 'clients':
      return wall.clientIds.includes(client.clientId);
    case 'brands':
      return client.brandIds.some((b) => wall.brandIds.includes(b));
    case 'legal_phases':
    case 'case':
      return (client.cases ?? []).some((c) => c.clientId === client.clientId && caseInWall(wall, c));
  }
}

/**
 * Which of a client's brands are shown to the caller: an agent its own only, legal staff and a
 * debtor those of a case they may see, the client's users and the admin all of them.
 */
export function brandInWall(wall: TenantWall, brand: { brandId: string; clientId: string; cases?: CaseOwnership[] }): boolean {
  switch (wall.kind) {
    case 'all':
      return true;
    case 'clients':
      return wall.clientIds.includes(brand.clientId);
    case 'brands':
      return wall.brandIds.includes(brand.brandId);
    case 'legal_phases':
    case 'case':
      return (brand.cases ?? []).some((c) => c.brandId === brand.brandId && caseInWall(wall, c));
  }
}

/**
 * A client's money (agreements, trust ledger, remittances, invoices): the agency admin all, a
 * client user its own client's; agents, legal staff and debtors none.
 */
export type ClientMoneyWall = { kind: 'all' } | { kind: 'client'; clientId: string } | { kind: 'none' };

export function clientMoneyWall(identity: Identity): ClientMoneyWall {
  switch (identity.role) {
    case 'agency_admin':
      return { kind: 'all' };
    case 'client_user':
      return identity.clientId ? { kind: 'client', clientId: identity.clientId } : { kind: 'none' };
    case 'agent':
    case 'legal':
      return { kind: 'none' };
  }
}

/** May the caller see (or, for writes guarded by role elsewhere, act on) this client's own records? */
export function mayActForClient(identity: Identity, clientId: string): boolean {
  const wall = clientMoneyWall(identity);
  return wall.kind === 'all' || (wall.kind === 'client' && wall.clientId === clientId);
}

/**
 * The client id a query is narrowed to behind the money wall: `false` when the caller may see
 * nothing (or asked for another client's), else the client to filter by (null: every client).
 */
export function walledClientId(identity: Identity, asked: string | null): string | null | false {
  const wall = clientMoneyWall(identity);
  if (wall.kind === 'none') return false;
  if (wall.kind === 'client') return asked && asked !== wall.clientId ? false : wall.clientId;
  return asked;
}
