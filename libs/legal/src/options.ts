/**
 * The **Choice** points of legal-rules.md, with their documented defaults. Pass a partial object
 * to any entry point; unspecified fields keep the default.
 */
import { BE_LATE_PAYMENT, NL_COMMERCIAL, NL_STATUTORY, type RateTable } from './rates';
import type { Channel, Country, DebtorKind } from './types';
import type { BusinessDayRule } from '@amicus/calendar';

export type { BusinessDayRule } from '@amicus/calendar';

export interface ContactPolicy {
  /** ISO weekdays contact is allowed on. */
  weekdays: number[];
  /** Local wall time, inclusive start and exclusive end, `HH:MM`. */
  from: string;
  to: string;
  /** Channels the window applies to (letters are never time-gated). */
  channels: Channel[];
  /** Contacts (phone, SMS, e-mail, WhatsApp) allowed per local calendar day; undefined = no limit. */
  maxPerDay?: number;
  rule: string;
  source: string;
}

export type PolicyKey = `${Country}-${DebtorKind}`;

export interface LegalOptions {
  /** BE-C-4 Choice: Mon–Fri not Belgian public holidays (art. 53bis Judicial Code counting). */
  businessDays: BusinessDayRule;
  /** NL-C-2 Choice: an e-mail is received the day it is sent, a letter 2 business days after posting. */
  nlReceipt: { emailDays: number; letterBusinessDays: number };
  /** BE-A-4 / NL-X-2: contact windows per jurisdiction, configurable per client. */
  contact: Record<PolicyKey, ContactPolicy>;
  /** How lump-sum damages/costs are based when a case has several claims. */
  damagesBasis: Record<Country, 'per_claim' | 'per_case'>;
  /** BE-A-2: the reaction term of the collector's formal notice, in days. */
  formalNoticeDays: number;
  /** Policy: days after a formal notice before a case may go to legal (business debtors). */
  legalWaitDays: number;
  /** The reference-rate tables (the files in rates/); replace one to test or to update without a release. */
  rateTables: Record<RateTable['id'], RateTable>;
}

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const MON_SAT = [1, 2, 3, 4, 5, 6];
const REMOTE: Channel[] = ['phone', 'sms', 'email', 'whatsapp'];

/** NL-X-2: no statutory hours in the Netherlands; the agency's policy, consumers and businesses alike. */
const NL_CONTACT: ContactPolicy = {
  weekdays: MON_SAT,
  from: '08:00',
  to: '21:00',
  channels: REMOTE,
  maxPerDay: 3,
  rule: 'NL-X-2',
  source: 'agency policy (Choice), no statutory hours',
};

export const DEFAULT_OPTIONS: LegalOptions = {
  businessDays: { weekdays: [1, 2, 3, 4, 5], excludePublicHolidays: true },
  nlReceipt: { emailDays: 0, letterBusinessDays: 2 },
  contact: {
    // BE-A-4 forbids calls 22:00–08:00; we apply the same window to SMS, e-mail and WhatsApp (Choice).
    'BE-consumer': {
      weekdays: ALL_DAYS,
      from: '08:00',
      to: '22:00',
      channels: REMOTE,
      maxPerDay: 3,
      rule: 'BE-A-4',
      source: 'CEL Book XIX Title 2 (carries over Law of 20 Dec 2002 art. 3 §2)',
    },
    // No statutory window for businesses: agency policy (Choice), the consumer window on working days.
    'BE-business': {
      weekdays: MON_SAT,
      from: '08:00',
      to: '22:00',
      channels: REMOTE,
      maxPerDay: 3,
      rule: 'BE-A-4',
      source: 'agency policy (Choice), modelled on CEL Book XIX Title 2',
    },
    'NL-consumer': NL_CONTACT,
    'NL-business': NL_CONTACT,
  },
  damagesBasis: { BE: 'per_claim', NL: 'per_case' },
  formalNoticeDays: 15,
  legalWaitDays: 15,
  rateTables: { 'be-late-payment': BE_LATE_PAYMENT, 'nl-statutory': NL_STATUTORY, 'nl-commercial': NL_COMMERCIAL },
};

export type LegalOptionsInput = Partial<Omit<LegalOptions, 'contact'>> & { contact?: Partial<Record<PolicyKey, Partial<ContactPolicy>>> };

export function resolveOptions(input: LegalOptionsInput = {}): LegalOptions {
  const contact = { ...DEFAULT_OPTIONS.contact };
  for (const [key, policy] of Object.entries(input.contact ?? {}) as [PolicyKey, Partial<ContactPolicy>][]) {
    contact[key] = { ...DEFAULT_OPTIONS.contact[key], ...policy };
  }
  return { ...DEFAULT_OPTIONS, ...input, contact, rateTables: { ...DEFAULT_OPTIONS.rateTables, ...input.rateTables } };
}
