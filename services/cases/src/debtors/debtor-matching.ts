/**
 * Is this placed debtor one we already know? A debtor is matched, in this order, by the
 * client's own debtor reference, else its VAT number, else its normalised e-mail, else its
 * normalised name with postcode. Each is a match key; the first key that finds a known debtor
 * wins.
 *
 * Keys are per client: the index a caller passes holds one client's debtors only (a client's
 * reference `D1001` means nothing to another client, and tenants are walls).
 */

export interface DebtorIdentity {
  clientReference?: string;
  name: string;
  vatNumber?: string;
  email?: string;
  postcode?: string;
  /** ISO 3166 alpha-2, used to complete a VAT number written without its prefix. */
  country?: string;
}

/** `ref:<client ref>`, `vat:<vat>`, `email:<email>` or `namepc:<name>|<postcode>`. */
export type MatchKey = string;

export type MatchKind = 'ref' | 'vat' | 'email' | 'namepc';

/** Known debtors of one client by match key. A `Map<MatchKey, debtorId>` is one. */
export interface DebtorIndex {
  get(key: MatchKey): string | undefined;
}

export interface DebtorMatch {
  debtorId: string;
  key: MatchKey;
  kind: MatchKind;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function normalisePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/\s+/g, '');
}

/**
 * VAT number in its canonical form: country prefix + the rest, without spaces, dots or dashes.
 * A number without a prefix takes the debtor's country; Greece's prefix is EL; an old 9-digit
 * Belgian enterprise number gets its leading 0.
 */
export function normaliseVatNumber(vat: string, country?: string): string {
  let canonical = vat.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!/^[A-Z]{2}/.test(canonical) && country) canonical = country.toUpperCase() + canonical;
  if (canonical.startsWith('GR')) canonical = 'EL' + canonical.slice(2);
  if (/^BE\d{9}$/.test(canonical)) canonical = 'BE0' + canonical.slice(2);
  return canonical;
}

// Legal forms dropped from either end of a name: `Café De Zwaan BV` and `Cafe de Zwaan` are one.
const LEGAL_FORMS = new Set([
  'bv',
  'nv',
  'bvba',
  'cvba',
  'cv',
  'vof',
  'commv',
  'vzw',
  'srl',
  'sprl',
  'sa',
  'sas',
  'sarl',
  'scrl',
  'sc',
  'snc',
  'asbl',
  'eurl',
  'sca',
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'ev',
  'gbr',
  'ltd',
  'limited',
  'llc',
  'llp',
  'plc',
  'inc',
  'corp',
  'co',
  'bvbasprl',
  'nvsa',
  'srlbv',
]);

// Letters NFKD does not take apart.
const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * A name reduced to what identifies it: Unicode NFKD without accents, lower case, punctuation
 * removed (dots inside abbreviations joined: `B.V.` → `bv`), legal-form words at either end
 * dropped, spaces collapsed.
 */
export function normaliseName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (char) => FOLD[char] ?? char)
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '');
  let start = 0;
  let end = words.length;
  while (end - start > 1 && LEGAL_FORMS.has(words[end - 1] as string)) end--;
  while (end - start > 1 && LEGAL_FORMS.has(words[start] as string)) start++;
  return words.slice(start, end).join(' ');
}

/** The debtor's match keys, strongest first. Keys whose data is missing are left out. */
export function matchKeys(debtor: DebtorIdentity): MatchKey[] {
  const keys: MatchKey[] = [];
  const reference = debtor.clientReference?.trim();
  if (reference) keys.push(`ref:${reference}`);
  if (debtor.vatNumber?.trim()) keys.push(`vat:${normaliseVatNumber(debtor.vatNumber, debtor.country)}`);
  if (debtor.email?.trim()) keys.push(`email:${normaliseEmail(debtor.email)}`);
  const name = normaliseName(debtor.name);
  const postcode = debtor.postcode ? normalisePostcode(debtor.postcode) : '';
  if (name && postcode) keys.push(`namepc:${name}|${postcode}`);
  return keys;
}

export function matchKind(key: MatchKey): MatchKind {
  return key.slice(0, key.indexOf(':')) as MatchKind;
}

/**
 * The known debtor this candidate is, by the first of its keys (strongest first) that the index
 * knows; undefined for a new debtor.
 */
export function findMatch(candidate: DebtorIdentity, index: DebtorIndex): DebtorMatch | undefined {
  for (const key of matchKeys(candidate)) {
    const debtorId = index.get(key);
    if (debtorId !== undefined) return { debtorId, key, kind: matchKind(key) };
  }
  return undefined;
}
