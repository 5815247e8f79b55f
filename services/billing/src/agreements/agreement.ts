import type { Identity } from '@amicus/auth';
import type { Money } from '@amicus/money';

/** What a client pays the agency: commission on what is collected, fixed fees (domain.md, Agreement). */
export interface Agreement {
  id: string;
  clientId: string;
  /** Commission in basis points of the amount collected (1500 = 15 %). */
  commissionBp: number;
  /** The fixed fee per case, in the agreement's currency. */
  feePerCase: Money;
  /** The first day the agreement applies (YYYY-MM-DD). */
  validFrom: string;
}

/** Whose agreements a caller may see. */
export type AgreementScope = { kind: 'all' } | { kind: 'client'; clientId: string } | { kind: 'none' };

/** The agency sees every client's agreements, a client user its own client's, anyone else none. */
export function agreementScope(identity: Identity): AgreementScope {
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
