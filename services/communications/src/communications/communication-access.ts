import type { Identity } from '@amicus/auth';

/** A case as far as tenant walls care: whose it is and under which brand. */
export interface CaseOwner {
  clientId: string;
  brandId: string | null;
}

/** Agency staff read every case; an agent the cases of its brands; a client user its own client's. */
export function mayRead(identity: Identity, owner: CaseOwner): boolean {
  switch (identity.role) {
    case 'agency_admin':
    case 'legal':
      return true;
    case 'agent':
      return owner.brandId !== null && identity.brandIds.includes(owner.brandId);
    case 'client_user':
      return identity.clientId === owner.clientId;
  }
}

/** Sending and logging calls: agency admins, and agents for the cases of their brands. */
export function mayContact(identity: Identity, owner: CaseOwner): boolean {
  if (identity.role === 'agency_admin') return true;
  return identity.role === 'agent' && owner.brandId !== null && identity.brandIds.includes(owner.brandId);
}
