/**
 * One record of a placement file, checked field by field and turned into a typed claim row.
 * Every problem of the row is reported (not only the first), each with its line, field and a
 * reason a client can act on. A bad contact detail (e-mail, phone) is a warning, not a refusal:
 * the row is kept without it, since the debtor can still be reached by letter.
 */
import type { Money } from '@amicus/money';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { checkVAT, countries as vatCountries } from 'jsvat';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { normaliseVatNumber } from '../debtors/debtor-matching';
import type { DebtorKind } from '@amicus/legal';
import type { BoundMapping, TargetField } from './column-mapping';
import type { SourceRecord } from './file-reading';
import type { CalendarDate } from '@amicus/calendar';
import { daysBetween } from '@amicus/calendar';
import { isCurrencyCode } from '@amicus/money';
import { countryCode, languageCode } from './countries-and-languages';
import { parseAmount, parseCalendarDate } from './number-and-date-parsing';

export type { Money };

export interface PlacementRow {
  line: number;
  debtor: {
    clientReference?: string;
    name: string;
    kind: DebtorKind;
    vatNumber?: string;
    email?: string;
    /** E.164 */
    phone?: string;
    address: { line1?: string; line2?: string; postcode?: string; city?: string; country: string };
    language?: string;
    iban?: string;
  };
  claim: {
    invoiceNumber: string;
    issueDate: CalendarDate;
    dueDate: CalendarDate;
    principal: Money;
    description?: string;
    interestClause: boolean;
    damagesClause: boolean;
    firstReminderSentOn?: CalendarDate;
  };
  /** The brand named in the file, when the file names one; else the placement's brand. */
  brand?: string;
}

export interface RowIssue {
  line: number;
  field: TargetField;
  reason: string;
}

export interface RowValidationContext {
  /** The placement's date in the agency's zone: issue and first-reminder dates after it are refused. */
  today: CalendarDate;
  /** ISO 3166 alpha-2; the debtor's country when the file has none. */
  clientCountry: string;
}

/** Warnings come with either answer: a refused row's bad contact details are worth fixing too. */
export type RowValidation = { ok: true; row: PlacementRow; warnings: RowIssue[] } | { ok: false; errors: RowIssue[]; warnings: RowIssue[] };

const MAX_TEXT = 500;
/** A claim not yet due is placed to wait for its pre-due reminder; a due date further ahead than this is taken for a typo. */
export const MAX_DAYS_UNTIL_DUE = 366;
const LEFT_OUT = "left out of the debtor's contact details";

export function validateRow(record: SourceRecord, bound: BoundMapping, context: RowValidationContext): RowValidation {
  const { mapping, index } = bound;
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const fail = (field: TargetField, reason: string): undefined => {
    errors.push({ line: record.line, field, reason });
    return undefined;
  };
  const warn = (field: TargetField, reason: string): undefined => {
    warnings.push({ line: record.line, field, reason: `${reason}: ${LEFT_OUT}` });
    return undefined;
  };
  const text = (field: TargetField, bad = fail): string | undefined => {
    const column = index[field];
    if (column === undefined) return undefined;
    const value = (record.values[column] ?? '').trim();
    if (value === '') return undefined;
    if (value.includes('\uFFFD')) return bad(field, 'has unreadable characters (check the file encoding)');
    if (value.length > MAX_TEXT) return bad(field, `is longer than ${MAX_TEXT} characters`);
    return value;
  };
  const required = (field: TargetField): string | undefined => {
    const value = text(field);
    if (value === undefined && !errors.some((e) => e.field === field)) fail(field, 'is required');
    return value;
  };
  const date = (field: TargetField, value: string | undefined): CalendarDate | undefined => {
    if (value === undefined) return undefined;
    const parsed = parseCalendarDate(value);
    return parsed.ok ? parsed.value : fail(field, `${JSON.stringify(value)} ${parsed.reason}`);
  };
  const flag = (field: TargetField): boolean => {
    const value = text(field);
    if (value === undefined) return false;
    const answer = yesNo(value);
    return answer ?? fail(field, `${JSON.stringify(value)} is not yes or no`) ?? false;
  };

  // Debtor
  const name = required('debtorName');
  const clientReference = text('clientDebtorReference');
  const countryText = text('country');
  const country = countryText === undefined ? (mapping.defaults?.country ?? context.clientCountry) : countryCode(countryText);
  if (country === undefined) fail('country', `${JSON.stringify(countryText)} is not an ISO 3166 country`);

  const vatText = text('vatNumber');
  let vatNumber: string | undefined;
  if (vatText !== undefined) {
    vatNumber = normaliseVatNumber(vatText, country);
    const check = checkVAT(vatNumber, vatCountries);
    // Countries jsvat does not know (outside Europe) keep the number unchecked.
    if (!check.isValid && (check.isSupportedCountry || !/^[A-Z]{2}/.test(vatNumber))) {
      fail('vatNumber', `${vatText} is not a valid VAT number (checksum)`);
    }
  }

  const kindText = text('debtorKind');
  let kind: DebtorKind | undefined = mapping.defaults?.kind ?? (vatNumber ? 'business' : 'consumer');
  if (kindText !== undefined) {
    kind = debtorKind(kindText);
    if (kind === undefined) fail('debtorKind', `${JSON.stringify(kindText)} is neither consumer nor business`);
  }

  const emailText = text('email', warn);
  const email =
    emailText === undefined || EMAIL.test(emailText.toLowerCase())
      ? emailText?.toLowerCase()
      : warn('email', `${emailText} is not an e-mail address`);

  const phoneText = text('phone', warn);
  let phone: string | undefined;
  // A national number cannot be checked without a country (already reported when bad).
  if (phoneText !== undefined && (country !== undefined || phoneText.startsWith('+'))) {
    const parsed = parsePhoneNumberFromString(phoneText, country as CountryCode | undefined);
    if (parsed?.isValid()) phone = parsed.number;
    else warn('phone', `${phoneText} is not a valid phone number${country ? ` for ${country}` : ''}`);
  }

  const languageText = text('language');
  const language = languageText === undefined ? mapping.defaults?.language : languageCode(languageText);
  if (languageText !== undefined && language === undefined) fail('language', `${JSON.stringify(languageText)} is not a language`);

  const ibanText = text('debtorIban');
  let iban: string | undefined;
  if (ibanText !== undefined) {
    iban = electronicFormatIBAN(ibanText) ?? undefined;
    if (!iban || !isValidIBAN(iban)) fail('debtorIban', `${ibanText} is not a valid IBAN (checksum)`);
  }

  const postcodeText = text('postcode');

  // Claim
  const invoiceNumber = required('invoiceNumber');
  const issueDate = date('issueDate', required('issueDate'));
  const dueDate = date('dueDate', required('dueDate'));
  if (dueDate !== undefined && daysBetween(context.today, dueDate) > MAX_DAYS_UNTIL_DUE)
    fail('dueDate', `${dueDate} is more than a year ahead: check the date`);
  if (issueDate !== undefined && dueDate !== undefined && issueDate > dueDate)
    fail('issueDate', `${issueDate} is after the due date ${dueDate}`);
  if (issueDate !== undefined && issueDate > context.today) fail('issueDate', `${issueDate} is in the future`);

  const currencyText = text('currency');
  const currency = currencyText === undefined ? mapping.defaults?.currency : currencyText.toUpperCase();
  if (currency === undefined) fail('currency', 'is required');
  else if (!isCurrencyCode(currency)) fail('currency', `${currencyText ?? currency} is not an ISO 4217 currency`);

  const amountText = required('amount');
  let amountMinor: bigint | undefined;
  if (amountText !== undefined && currency !== undefined && isCurrencyCode(currency)) {
    const parsed = parseAmount(amountText, currency, { decimalSeparator: mapping.decimalSeparator });
    if (!parsed.ok) fail('amount', `${amountText} ${parsed.reason}`);
    else if (parsed.value <= 0n) fail('amount', `${amountText} is not more than zero`);
    else amountMinor = parsed.value;
  }

  const firstReminderSentOn = date('firstReminderSentOn', text('firstReminderSentOn'));
  if (firstReminderSentOn !== undefined && firstReminderSentOn > context.today) {
    fail('firstReminderSentOn', `${firstReminderSentOn} is in the future`);
  }
  const interestClause = flag('interestClause');
  const damagesClause = flag('damagesClause');
  const description = text('description');
  const brand = text('brand');
  const addressLine1 = text('addressLine1');
  const addressLine2 = text('addressLine2');
  const city = text('city');

  if (errors.length > 0) return { ok: false, errors, warnings };
  return {
    ok: true,
    warnings,
    row: {
      line: record.line,
      debtor: stripUndefined({
        clientReference,
        name: name as string,
        kind: kind as DebtorKind,
        vatNumber,
        email,
        phone,
        address: stripUndefined({
          line1: addressLine1,
          line2: addressLine2,
          postcode: postcodeText?.toUpperCase(),
          city,
          country: country as string,
        }),
        language,
        iban,
      }),
      claim: stripUndefined({
        invoiceNumber: invoiceNumber as string,
        issueDate: issueDate as CalendarDate,
        dueDate: dueDate as CalendarDate,
        principal: { amountMinor: amountMinor as bigint, currency: currency as string },
        description,
        interestClause,
        damagesClause,
        firstReminderSentOn,
      }),
      ...(brand === undefined ? {} : { brand }),
    },
  };
}

function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

// A practical address check (what mail servers accept), not the full RFC 5322 grammar.
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,}$/;

const YES = new Set(['1', 'y', 'yes', 'true', 'j', 'ja', 'oui', 'o', 'x', 'waar', 'vrai', 'wahr']);
const NO = new Set(['0', 'n', 'no', 'false', 'nee', 'neen', 'non', 'nein', 'onwaar', 'faux', 'falsch']);

function yesNo(value: string): boolean | undefined {
  const answer = value.toLowerCase();
  return YES.has(answer) ? true : NO.has(answer) ? false : undefined;
}

const CONSUMER = new Set([
  'consumer',
  'b2c',
  'c',
  'particulier',
  'private',
  'privé',
  'prive',
  'consument',
  'natuurlijk persoon',
  'personne physique',
  'privat',
  'verbraucher',
  'privatperson',
]);
const BUSINESS = new Set([
  'business',
  'b2b',
  'b',
  'company',
  'bedrijf',
  'onderneming',
  'entreprise',
  'société',
  'societe',
  'professionnel',
  'zakelijk',
  'unternehmen',
  'firma',
  'gewerblich',
]);

function debtorKind(value: string): DebtorKind | undefined {
  const kind = value.toLowerCase();
  return CONSUMER.has(kind) ? 'consumer' : BUSINESS.has(kind) ? 'business' : undefined;
}
