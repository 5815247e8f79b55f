/**
 * The walls between tenants, as values: which cases a caller may see and act on.
 *
 * - an agency admin: every case;
 * - a client user: its own client's cases;
 * - an agent: the cases of the brands it works for;
 * - legal staff: cases in legal review or legal proceedings.
 *
 * The rule itself is written once in libs/auth (walls.ts) and shared by every subgraph. The service filters every query by this scope, and Postgres row-level security (migration
 * 1764100000000) enforces the same walls from the settings `tenantSettings` gives, so a
 * forgotten filter still shows nothing.
 */
import { LEGAL_PHASES, caseInWall, mayActForClient, tenantWall, type Identity, type StaffWall } from '@amicus/auth';
import type { Actor } from '../case-lifecycle/case-lifecycle';

/** The rule is libs/auth's (`tenantWall`), the same in every subgraph; these names are the cases service's. */
export type CaseScope = StaffWall;
export { LEGAL_PHASES, mayActForClient };

export function caseScope(identity: Identity): CaseScope {
  return tenantWall(identity);
}

/** Whether a case with these facts is inside the scope. */
export function inScope(scope: CaseScope, c: { clientId: string; brandId: string; phase: string }): boolean {
  return caseInWall(scope, c);
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
