/**
 * A debtor as the case file keeps it: who it is (consumer or business), how to reach it, in
 * which language and time zone, and the country whose law applies.
 */
import { timeZoneOfCountry } from '@amicus/calendar';
import type { DebtorSnapshotV1 } from '@amicus/events';
import type { DebtorKind } from '@amicus/legal';
import type { PlacementRow } from '../placements/row-validation';

export type PreferredChannel = DebtorSnapshotV1['preferredChannel'];

export interface DebtorAddress {
  lines: string[];
  postcode: string;
  city: string;
  country: string;
}

export interface Debtor {
  id: string;
  clientId: string;
  kind: DebtorKind;
  name: string;
  clientReference: string | null;
  vatNumber: string | null;
  emails: string[];
  /** E.164 */
  phones: string[];
  addresses: DebtorAddress[];
  preferredChannel: PreferredChannel;
  /** ISO 639-1 */
  language: string;
  /** ISO 3166-1 alpha-2: decides the jurisdiction. */
  country: string;
  /** IANA zone: legal dates and contact hours are the debtor's. */
  timeZone: string;
  iban: string | null;
}

const COUNTRY_LANGUAGE: Record<string, string> = {
  NL: 'nl',
  FR: 'fr',
  DE: 'de',
  AT: 'de',
  LU: 'fr',
  GB: 'en',
  IE: 'en',
  IT: 'it',
  ES: 'es',
};

/**
 * The language to write to a debtor in: the file's, else the only or first language of the
 * brand that fits the country (a Belgian brand speaks nl and fr), else the brand's first.
 */
export function languageFor(row: PlacementRow['debtor'], brandLanguages: readonly string[]): string {
  if (row.language) return row.language;
  const national = COUNTRY_LANGUAGE[row.address.country];
  if (national && brandLanguages.includes(national)) return national;
  return brandLanguages[0] ?? 'en';
}

export function debtorFromRow(id: string, clientId: string, row: PlacementRow['debtor'], brandLanguages: readonly string[]): Debtor {
  return {
    id,
    clientId,
    kind: row.kind,
    name: row.name,
    clientReference: row.clientReference ?? null,
    vatNumber: row.vatNumber ?? null,
    emails: row.email ? [row.email] : [],
    phones: row.phone ? [row.phone] : [],
    addresses: addressOf(row),
    preferredChannel: null,
    language: languageFor(row, brandLanguages),
    country: row.address.country,
    timeZone: timeZoneOfCountry(row.address.country), // until the debtor's zone is set by hand
    iban: row.iban ?? null,
  };
}

function addressOf(row: PlacementRow['debtor']): DebtorAddress[] {
  const { line1, line2, postcode, city, country } = row.address;
  if (!line1) return [];
  return [{ lines: line2 ? [line1, line2] : [line1], postcode: postcode ?? '', city: city ?? '', country }];
}

/**
 * What a newly placed row adds to a known debtor: an e-mail, a phone or an address it did not
 * have. Known details are never overwritten by a file (the agency may have corrected them);
 * returns null when nothing is new.
 */
export function mergeContacts(known: Debtor, row: PlacementRow['debtor']): Debtor | null {
  const emails = row.email && !known.emails.includes(row.email) ? [...known.emails, row.email] : known.emails;
  const phones = row.phone && !known.phones.includes(row.phone) ? [...known.phones, row.phone] : known.phones;
  const added = addressOf(row).filter(
    (a) => !known.addresses.some((k) => k.lines.join('\n') === a.lines.join('\n') && k.postcode === a.postcode),
  );
  if (emails === known.emails && phones === known.phones && added.length === 0) return null;
  return { ...known, emails, phones, addresses: [...known.addresses, ...added] };
}

export function debtorSnapshot(d: Debtor): DebtorSnapshotV1 {
  return {
    kind: d.kind,
    name: d.name,
    country: d.country,
    language: d.language,
    timeZone: d.timeZone,
    vatNumber: d.vatNumber,
    emails: d.emails,
    phones: d.phones,
    addresses: d.addresses,
    preferredChannel: d.preferredChannel,
  };
}

export interface DebtorChanges {
  name?: string | null;
  emails?: string[] | null;
  phones?: string[] | null;
  preferredChannel?: string | null;
  language?: string | null;
  timeZone?: string | null;
}

const CHANNELS = ['email', 'sms', 'whatsapp', 'letter', 'phone'] as const;
const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * An agent's or the client's correction of a debtor: contacts, preferred channel, language,
 * time zone. Every bad field is named; a field left out keeps its value. Null when nothing changes.
 */
export function changeDebtor(
  known: Debtor,
  changes: DebtorChanges,
): { debtor: Debtor | null; problems: { field: string; reason: string }[] } {
  const problems: { field: string; reason: string }[] = [];
  const next: Debtor = { ...known };
  if (changes.name != null) {
    const name = changes.name.trim();
    if (!name) problems.push({ field: 'input.name', reason: 'must not be empty' });
    else next.name = name;
  }
  if (changes.emails != null) {
    const emails = [...new Set(changes.emails.map((e) => e.trim().toLowerCase()))];
    emails.forEach((e, i) => EMAIL.test(e) || problems.push({ field: `input.emails[${i}]`, reason: 'not an e-mail address' }));
    next.emails = emails;
  }
  if (changes.phones != null) {
    const phones = [...new Set(changes.phones.map((p) => p.replace(/[\s()-]/g, '')))];
    phones.forEach(
      (p, i) => E164.test(p) || problems.push({ field: `input.phones[${i}]`, reason: 'expected an E.164 number like +3225551234' }),
    );
    next.phones = phones;
  }
  if (changes.preferredChannel !== undefined) {
    const channel = changes.preferredChannel;
    if (channel !== null && !(CHANNELS as readonly string[]).includes(channel))
      problems.push({ field: 'input.preferredChannel', reason: `one of ${CHANNELS.join(', ')}` });
    else next.preferredChannel = channel as PreferredChannel;
  }
  if (changes.language != null) {
    const language = changes.language.trim().toLowerCase();
    if (!/^[a-z]{2}$/.test(language) || new Intl.DisplayNames(['en'], { type: 'language' }).of(language) === language)
      problems.push({ field: 'input.language', reason: 'not an ISO 639-1 language code' });
    else next.language = language;
  }
  if (changes.timeZone != null) {
    if (!isTimeZone(changes.timeZone)) problems.push({ field: 'input.timeZone', reason: 'not an IANA time zone' });
    else next.timeZone = changes.timeZone;
  }
  if (problems.length) return { debtor: null, problems };
  return { debtor: JSON.stringify(next) === JSON.stringify(known) ? null : next, problems };
}
