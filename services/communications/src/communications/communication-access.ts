import { caseInWall, tenantWall, type Identity } from '@amicus/auth';

/** A case as far as tenant walls care: whose it is, under which brand, in which phase (the case copy). */
export interface CaseOwner {
  caseId: string;
  clientId: string;
  brandId: string | null;
  phase: string | null;
}

/**
 * Who reads a case's communications, calls and opt-outs: libs/auth's walls, the cases service's
 * — the agency admin all, an agent the cases of its brands, a client user its own client's,
 * legal staff the cases in legal review or legal.
 */
export function mayRead(identity: Identity, owner: CaseOwner): boolean {
  return caseInWall(tenantWall(identity), owner);
}

/** Sending and logging calls: agency admins, and agents for the cases of their brands. */
export function mayContact(identity: Identity, owner: CaseOwner): boolean {
  if (identity.role === 'agency_admin') return true;
  return identity.role === 'agent' && caseInWall(tenantWall(identity), owner);
}
