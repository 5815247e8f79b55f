import { DomainError, FieldProblem } from '@amicus/errors';
import { checkVAT, countries } from 'jsvat';

/** A creditor company that outsources collection to the agency. */
export interface Client {
  id: string;
  name: string;
  country: string;
  enterpriseNumber: string | null;
  sme: boolean;
}

export interface OnboardClient {
  name: string;
  country: string;
  enterpriseNumber?: string | null;
  sme?: boolean;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** ISO 3166-1 alpha-2, checked against the runtime's region data (no hand-typed list). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && regionNames.of(code) !== code;
}

/** ISO 639-1 two-letter language code. */
export function isLanguageCode(code: string): boolean {
  return /^[a-z]{2}$/.test(code) && languageNames.of(code) !== code;
}

export function onboardClient(id: string, input: OnboardClient): Client {
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  if (!name) problems.push({ field: 'input.name', reason: 'must not be empty' });
  if (name.length > 200) problems.push({ field: 'input.name', reason: 'at most 200 characters' });
  const country = input.country.trim().toUpperCase();
  if (!isCountryCode(country))
    problems.push({ field: 'input.country', reason: `${JSON.stringify(input.country)} is not an ISO 3166-1 alpha-2 country code` });
  const enterpriseNumber = input.enterpriseNumber?.replace(/[\s.-]/g, '').toUpperCase() || null;
  const enterpriseProblem = enterpriseNumber ? enterpriseNumberProblem(country, enterpriseNumber) : null;
  if (enterpriseProblem) problems.push({ field: 'input.enterpriseNumber', reason: enterpriseProblem });
  if (problems.length) throw DomainError.invalid(problems);
  return { id, name, country, enterpriseNumber, sme: input.sme ?? false };
}

/**
 * A client identifies itself by its VAT number (checksum checked by jsvat) or its national
 * register number: the Belgian enterprise number (10 digits, mod-97 check) or the Dutch KvK
 * number (8 digits).
 */
export function enterpriseNumberProblem(country: string, value: string): string | null {
  if (/^[A-Z]{2}/.test(value)) return checkVAT(value, countries).isValid ? null : `${value} is not a valid VAT number`;
  if (country === 'BE' && /^[01]\d{9}$/.test(value)) {
    const check = 97 - (Number(value.slice(0, 8)) % 97);
    return check === Number(value.slice(8)) ? null : `${value}: the enterprise number's check digits do not match`;
  }
  if (country === 'NL' && /^\d{8}$/.test(value)) return null;
  return `expected a VAT number with its country prefix${country === 'BE' ? ' or a 10-digit enterprise number' : country === 'NL' ? ' or an 8-digit KvK number' : ''}`;
}
