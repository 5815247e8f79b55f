/**
 * What communications keeps of a case's debtor, and how it reads for the contact rules: the
 * debtor's channel order (preferred first, then e-mail, SMS, letter, as far as the debtor has
 * the contact) and contacts; the case's standing (held, closed, claims recalled), and the claims
 * a communication may still name. Pure.
 */
import { addDays, instantAt } from '@amicus/calendar';
import type { CaseOutcome } from '@amicus/events';
import type { Channel, PostalAddress } from '../channels/channel';
import type { CaseStanding, DebtorContacts } from '../contact-rules/contact-rules';

export interface CaseAddress {
  lines: string[];
  postcode: string;
  city: string;
  country: string;
}

export interface CaseClaim {
  claimId: string;
  number: string;
  issueDate: string;
  dueDate: string;
  description: string | null;
  principalMinor: string;
  currency: string;
}

export interface CaseContact {
  debtorName: string;
  emails: string[];
  phones: string[];
  addresses: CaseAddress[];
  preferredChannel: string | null;
}

/** The order channels are tried in when the debtor's preferred one cannot be used. */
export const DEFAULT_CHANNEL_ORDER: readonly Channel[] = ['email', 'sms', 'letter'];

export function preferredChannelOf(contact: CaseContact): Channel {
  const preferred = contact.preferredChannel;
  // 'phone' is a call, not a message: written communications then go by the default order.
  if (preferred === 'email' || preferred === 'sms' || preferred === 'whatsapp' || preferred === 'letter') return preferred;
  return (
    DEFAULT_CHANNEL_ORDER.find((c) =>
      c === 'email' ? contact.emails.length : c === 'sms' ? contact.phones.length : contact.addresses.length,
    ) ?? 'letter'
  );
}

/** The address block of the envelope window: street lines, then postcode and city, then the country. */
export function postalAddressOf(contact: CaseContact): PostalAddress | undefined {
  const address = contact.addresses[0];
  if (!address) return undefined;
  const cityLine = [address.postcode, address.city].filter(Boolean).join(' ');
  const lines = [...address.lines, ...(cityLine ? [cityLine] : [])];
  return { name: contact.debtorName, lines, country: address.country };
}

export function debtorContacts(contact: CaseContact): DebtorContacts {
  return {
    email: contact.emails[0],
    phone: contact.phones[0],
    whatsapp: contact.phones[0],
    address: postalAddressOf(contact),
  };
}

/** A recipient as stored and shown: e-mail address, E.164 number, or the address on one line. */
export function recipientText(recipient: string | PostalAddress): string {
  return typeof recipient === 'string' ? recipient : [recipient.name, ...recipient.lines, recipient.country].join(', ');
}

/** What communications keeps of the case itself (case-contact.entity.ts). */
export interface CaseStandingFacts {
  claims: CaseClaim[];
  recalledClaimIds: string[];
  disputeOpen: boolean;
  paymentPlanKept: boolean;
  holdUntil: Date | null;
  holdEnds: string | null;
  holdReason: string | null;
  closedOutcome: CaseOutcome | null;
  /** The debtor's IANA zone: a claim is late from the start of the day after its due date there. */
  timeZone: string;
}

/** The claims still with the agency: a claim the client recalled is on no later communication. */
export function claimsInCollection(c: Pick<CaseStandingFacts, 'claims' | 'recalledClaimIds'>): CaseClaim[] {
  return c.claims.filter((claim) => !c.recalledClaimIds.includes(claim.claimId));
}

/** The case as the contact rules see it. */
export function caseStandingOf(c: CaseStandingFacts): CaseStanding {
  const first = claimsInCollection(c).reduce<CaseClaim | null>((a, claim) => (a === null || claim.dueDate < a.dueDate ? claim : a), null);
  return {
    disputeOpen: c.disputeOpen,
    paymentPlanKept: c.paymentPlanKept,
    ...(c.holdUntil && {
      hold: { until: c.holdUntil, endsOn: c.holdEnds ?? c.holdUntil.toISOString().slice(0, 10), reason: c.holdReason ?? '' },
    }),
    ...(c.closedOutcome && { closed: { outcome: c.closedOutcome } }),
    allClaimsRecalled: c.claims.length > 0 && claimsInCollection(c).length === 0,
    ...(first && { firstDue: { on: first.dueDate, lateAt: new Date(instantAt(addDays(first.dueDate, 1), 0, c.timeZone)) } }),
  };
}
