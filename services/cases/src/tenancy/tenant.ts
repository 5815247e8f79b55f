/**
 * The walls between tenants, as values: which cases a caller may see and act on.
 *
 * - an agency admin: every case;
 * - a client user: its own client's cases;
 * - an agent: the cases of the brands it works for;
 * - legal staff: cases in legal review or legal proceedings.
 *
 * The service filters every query by this scope, and Postgres row-level security (migration
 * 1764100000000) enforces the same walls from the settings `tenantSettings` gives, so a
 * forgotten filter still shows nothing.
 */
import type { Identity } from '@amicus/auth';
import type { Actor } from '../case-lifecycle/case-lifecycle';

export type CaseScope =
  { kind: 'all' } | { kind: 'clients'; clientIds: string[] } | { kind: 'brands'; brandIds: string[] } | { kind: 'legal_phases' };

export const LEGAL_PHASES = ['legal_review', 'legal'] as const;

export function caseScope(identity: Identity): CaseScope {
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

/** Whether a case with these facts is inside the scope. */
export function inScope(scope: CaseScope, c: { clientId: string; brandId: string; phase: string }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'clients':
      return scope.clientIds.includes(c.clientId);
    case 'brands':
      return scope.brandIds.includes(c.brandId);
    case 'legal_phases':
      return (LEGAL_PHASES as readonly string[]).includes(c.phase);
  }
}

/** May the caller see a client's data that is not a case (placements, mappings, debtors)? */
export function mayActForClient(identity: Identity, clientId: string): boolean {
  return identity.role === 'agency_admin' || (identity.role === 'client_user' && identity.clientId === clientId);
}

/**
 * The transaction-local settings row-level security reads. A UUID list is comma-joined; values
 * that are not UUIDs are dropped so a setting can never be made to parse as something else.
 */
export function tenantSettings(identity: Identity): Record<'app.role' | 'app.client_ids' | 'app.brand_ids' | 'app.subject', string> {
  const uuids = (ids: (string | null)[]) => ids.filter((id): id is string => !!id && UUID.test(id)).join(',');
  return {
    'app.role': identity.role,
    'app.client_ids': identity.role === 'client_user' ? uuids([identity.clientId]) : '',
    'app.brand_ids': identity.role === 'agent' ? uuids(identity.brandIds) : '',
    'app.subject': identity.subject,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The case lifecycle's actor for a caller. */
export function actorOf(identity: Identity): Actor {
  switch (identity.role) {
    case 'agency_admin':
      return { kind: 'admin', id: identity.subject };
    case 'agent':
      return { kind: 'agent', id: identity.subject };
    case 'legal':
      return { kind: 'legal_staff', id: identity.subject };
    case 'client_user':
      return { kind: 'client', id: identity.subject, clientId: identity.clientId ?? '' };
  }
}
