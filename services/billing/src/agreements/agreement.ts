import { checkVAT, countries } from 'jsvat';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { clientMoneyWall, type ClientMoneyWall, type Identity } from '@amicus/auth';
import { addDays, isCalendarDate, type CalendarDate } from '@amicus/calendar';
import type { FieldProblem } from '@amicus/errors';
import { isCurrencyCode } from '@amicus/money';

/**
 * What a client pays the agency (domain.md, Agreement): commission on what is collected, fixed
 * fees, who keeps the debtor's collection costs, how often it is remitted and where to, and how
 * VAT is charged. Versioned per client: each version has validity dates; approving a new one
 * closes the one in force before it. Pure: no NestJS, no TypeORM.
 */

/** Commission in basis points (1500 = 15 %) of each part of what is collected. */
export interface CommissionRates {
  principalBp: number;
  interestBp: number;
  costsBp: number;
}

/** What a tier is chosen by: nothing (one band), the claim's age in days at placement, or the claim's principal. */
export const TIER_BASES = ['none', 'claim_age_days', 'claim_amount'] as const;
export type TierBasis = (typeof TIER_BASES)[number];

/** One band of a tiered commission: it applies from `from` (days, or minor units) up to the next band. */
export interface CommissionBand {
  from: bigint;
  rates: CommissionRates;
}

export interface Commission {
  tieredBy: TierBasis;
  /** Ascending by `from`, the first from 0; exactly one band when not tiered. */
  bands: CommissionBand[];
}

/** Fixed fees in minor units of the agreement's currency. */
export interface Fees {
  caseOpened: bigint;
  letter: bigint;
  registeredLetter: bigint;
  call: bigint;
  /** Charged once when a case is paid in full. */
  success: bigint;
}
export const FEE_KINDS = ['caseOpened', 'letter', 'registeredLetter', 'call', 'success'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

export const REMITTANCE_PERIODS = ['weekly', 'monthly'] as const;
export type RemittancePeriod = (typeof REMITTANCE_PERIODS)[number];

/** The debtor's recovered collection costs: kept by the agency (its revenue) or passed on to the client (commission at costsBp). */
export const COSTS_KEEPERS = ['agency', 'client'] as const;
export type CostsKeeper = (typeof COSTS_KEEPERS)[number];

/** Belgian VAT on the agency's commission and fees. */
export const BE_VAT_BP = 2100;
/** Art. 196 of Directive 2006/112/EC: the business client in another member state accounts for the VAT. */
export const REVERSE_CHARGE_MENTION = 'Reverse charge: VAT to be accounted for by the recipient (Article 196, Directive 2006/112/EC)';

export type VatTreatment =
  | { kind: 'be_standard'; rateBp: number; vatNumber: string | null }
  | { kind: 'reverse_charge'; country: string; vatNumber: string; mention: string };

export interface AgreementTerms {
  currency: string;
  commission: Commission;
  fees: Fees;
  /** The least the client pays in commission and fees per calendar month (minor units). */
  monthlyMinimum: bigint;
  collectionCostsKeptBy: CostsKeeper;
  remittancePeriod: RemittancePeriod;
  /** The client's payout account, electronic format (no spaces). */
  payoutIban: string;
  vat: VatTreatment;
}

export type AgreementStatus = 'draft' | 'approved';

export interface Agreement {
  id: string;
  clientId: string;
  /** 1, 2, … per client, in the order the versions were created. */
  version: number;
  status: AgreementStatus;
  /** First day the version applies (YYYY-MM-DD). */
  validFrom: CalendarDate;
  /** Last day it applies, inclusive; null while it is the latest. */
  validTo: CalendarDate | null;
  terms: AgreementTerms;
  createdBy: string;
  approvedBy: string | null;
}

/** Whose agreements (and ledger, remittances) a caller may see: libs/auth's money wall, the same in every subgraph. */
export type AgreementScope = ClientMoneyWall;

/** The agency sees every client's agreements, a client user its own client's, anyone else none. */
export function agreementScope(identity: Identity): AgreementScope {
  return clientMoneyWall(identity);
}

// ---------------------------------------------------------------------------------------------
// Input: what the admin types, checked field by field.

/** The terms as they arrive from GraphQL or the CLI: amounts as decimal strings of minor units. */
export interface AgreementTermsInput {
  currency: string;
  commission: {
    tieredBy: string;
    bands: { from: string; principalBp: number; interestBp: number; costsBp: number }[];
  };
  fees: Partial<Record<FeeKind, string>>;
  monthlyMinimumMinor?: string | null;
  collectionCostsKeptBy: string;
  remittancePeriod: string;
  payoutIban: string;
  vat: { kind: string; country?: string | null; vatNumber?: string | null };
}

export interface AgreementVersionInput {
  validFrom: string;
  terms: AgreementTermsInput;
}

/** Member states for intra-EU reverse charge (ISO codes; Greece is EL in VAT numbers). */
const EU_MEMBER_STATES = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
]);

const MINOR = /^\d{1,18}$/;

/** A VAT number valid for `country` by jsvat's check digits (prefix included, e.g. BE0403170701), or a reason. */
export function vatNumberProblem(vatNumber: string, country: string): string | null {
  const result = checkVAT(vatNumber, [...countries]);
  if (!result.isValid) return 'is not a valid VAT number';
  const iso = result.country?.isoCode.short;
  if (iso !== country) return `is a VAT number of ${iso ?? 'another country'}, not ${country}`;
  return null;
}

/** Checks the terms field by field; the agreement, or every problem with its path. */
export function parseAgreementTerms(input: AgreementTermsInput, at = 'terms'): { terms: AgreementTerms } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (field: string, reason: string) => problems.push({ field: `${at}.${field}`, reason });

  if (!isCurrencyCode(input.currency)) bad('currency', 'is not an ISO 4217 currency code');

  const tieredBy = input.commission.tieredBy as TierBasis;
  if (!(TIER_BASES as readonly string[]).includes(tieredBy)) bad('commission.tieredBy', `is not one of ${TIER_BASES.join(', ')}`);
  const bands: CommissionBand[] = [];
  if (input.commission.bands.length === 0) bad('commission.bands', 'needs at least one band');
  if (tieredBy === 'none' && input.commission.bands.length > 1) bad('commission.bands', 'has more than one band while tieredBy is none');
  input.commission.bands.forEach((b, i) => {
    const path = `commission.bands[${i}]`;
    for (const part of ['principalBp', 'interestBp', 'costsBp'] as const) {
      const bp = b[part];
      if (!Number.isInteger(bp) || bp < 0 || bp > 10000) bad(`${path}.${part}`, 'is not a whole number of basis points from 0 to 10000');
    }
    if (!MINOR.test(b.from)) {
      bad(`${path}.from`, 'is not a whole number from 0');
      return;
    }
    const from = BigInt(b.from);
    if (i === 0 && from !== 0n) bad(`${path}.from`, 'must be 0 for the first band');
    const previous = bands[bands.length - 1];
    if (i > 0 && previous && from <= previous.from) bad(`${path}.from`, 'must be more than the band before');
    bands.push({ from, rates: { principalBp: b.principalBp, interestBp: b.interestBp, costsBp: b.costsBp } });
  });

  const fees = {} as Fees;
  for (const kind of FEE_KINDS) {
    const text = input.fees[kind] ?? '0';
    if (!MINOR.test(text)) bad(`fees.${kind}`, 'is not an amount in minor units from 0');
    else fees[kind] = BigInt(text);
  }
  const minimumText = input.monthlyMinimumMinor ?? '0';
  if (!MINOR.test(minimumText)) bad('monthlyMinimumMinor', 'is not an amount in minor units from 0');

  const keptBy = input.collectionCostsKeptBy as CostsKeeper;
  if (!(COSTS_KEEPERS as readonly string[]).includes(keptBy)) bad('collectionCostsKeptBy', `is not one of ${COSTS_KEEPERS.join(', ')}`);
  const period = input.remittancePeriod as RemittancePeriod;
  if (!(REMITTANCE_PERIODS as readonly string[]).includes(period))
    bad('remittancePeriod', `is not one of ${REMITTANCE_PERIODS.join(', ')}`);

  const iban = electronicFormatIBAN(input.payoutIban) ?? '';
  if (!isValidIBAN(iban)) bad('payoutIban', 'is not a valid IBAN');

  let vat: VatTreatment | null = null;
  const vatNumber = input.vat.vatNumber ? input.vat.vatNumber.replace(/[\s.-]/g, '').toUpperCase() : null;
  if (input.vat.kind === 'be_standard') {
    const problem = vatNumber ? vatNumberProblem(vatNumber, 'BE') : null;
    if (problem) bad('vat.vatNumber', problem);
    vat = { kind: 'be_standard', rateBp: BE_VAT_BP, vatNumber };
  } else if (input.vat.kind === 'reverse_charge') {
    const country = (input.vat.country ?? '').toUpperCase();
    if (!EU_MEMBER_STATES.has(country)) bad('vat.country', 'is not an EU member state');
    else if (country === 'BE') bad('vat.country', 'is Belgium: a Belgian client is charged Belgian VAT (be_standard)');
    if (!vatNumber) bad('vat.vatNumber', 'is required for reverse charge (a business client)');
    else if (EU_MEMBER_STATES.has(country) && country !== 'BE') {
      const problem = vatNumberProblem(vatNumber, country);
      if (problem) bad('vat.vatNumber', problem);
    }
    vat = { kind: 'reverse_charge', country, vatNumber: vatNumber ?? '', mention: REVERSE_CHARGE_MENTION };
  } else bad('vat.kind', 'is not one of be_standard, reverse_charge');

  if (problems.length || !vat) return { problems };
  return {
    terms: {
      currency: input.currency,
      commission: { tieredBy, bands },
      fees,
      monthlyMinimum: BigInt(minimumText),
      collectionCostsKeptBy: keptBy,
      remittancePeriod: period,
      payoutIban: iban,
      vat,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Versions: created as drafts, approved into force.

/** A new draft version for a client, after the versions it already has; or the problems. */
export function draftVersion(
  existing: readonly Agreement[],
  input: AgreementVersionInput,
  ids: { id: string; clientId: string; createdBy: string },
): { agreement: Agreement } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!isCalendarDate(input.validFrom)) problems.push({ field: 'input.validFrom', reason: 'is not a date (YYYY-MM-DD)' });
  const latest = latestApproved(existing);
  if (latest && isCalendarDate(input.validFrom) && input.validFrom <= latest.validFrom)
    problems.push({
      field: 'input.validFrom',
      reason: `must be after ${latest.validFrom}, the start of version ${latest.version} in force`,
    });
  const parsed = parseAgreementTerms(input.terms, 'input.terms');
  if ('problems' in parsed) problems.push(...parsed.problems);
  if (problems.length || 'problems' in parsed) return { problems };
  const version = existing.reduce((n, a) => Math.max(n, a.version), 0) + 1;
  return {
    agreement: {
      ...ids,
      version,
      status: 'draft',
      validFrom: input.validFrom,
      validTo: null,
      terms: parsed.terms,
      approvedBy: null,
    },
  };
}

/** What approving a draft changes: the draft in force from its day, the version before closed the day before. */
export type ApprovalDecision =
  { ok: true; approved: Agreement; closed: Agreement | null } | { ok: false; code: 'not_found' | 'conflict'; reason: string };

export function approveVersion(versions: readonly Agreement[], agreementId: string, approvedBy: string): ApprovalDecision {
  const draft = versions.find((a) => a.id === agreementId);
  if (!draft) return { ok: false, code: 'not_found', reason: `no agreement ${agreementId}` };
  if (draft.status !== 'draft') return { ok: false, code: 'conflict', reason: `version ${draft.version} is already approved` };
  const latest = latestApproved(versions);
  if (latest && latest.validFrom >= draft.validFrom)
    return {
      ok: false,
      code: 'conflict',
      reason: `version ${latest.version} in force from ${latest.validFrom} starts on or after this draft's ${draft.validFrom}`,
    };
  const closed =
    latest && (latest.validTo === null || latest.validTo >= draft.validFrom) ? { ...latest, validTo: addDays(draft.validFrom, -1) } : null;
  return { ok: true, approved: { ...draft, status: 'approved', approvedBy }, closed };
}

function latestApproved(versions: readonly Agreement[]): Agreement | null {
  let latest: Agreement | null = null;
  for (const a of versions) if (a.status === 'approved' && (!latest || a.validFrom > latest.validFrom)) latest = a;
  return latest;
}

/** The approved version in force for a client on a day, or null. */
export function agreementInForce(versions: readonly Agreement[], day: CalendarDate): Agreement | null {
  for (const a of versions) if (a.status === 'approved' && a.validFrom <= day && (a.validTo === null || day <= a.validTo)) return a;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Rates.

/** What a tier is chosen by, for one claim (or for a case's interest and costs: its oldest claim's age, its total principal). */
export interface TierFacts {
  ageAtPlacementDays: number;
  principalMinor: bigint;
}

/** The commission rates that apply to a claim: the band its age or amount falls in; the first band without facts. */
export function ratesFor(commission: Commission, facts: TierFacts | null): CommissionRates {
  const first = commission.bands[0];
  if (!first) return { principalBp: 0, interestBp: 0, costsBp: 0 };
  if (commission.tieredBy === 'none' || !facts) return first.rates;
  const value = commission.tieredBy === 'claim_age_days' ? BigInt(Math.max(0, facts.ageAtPlacementDays)) : facts.principalMinor;
  let rates = first.rates;
  for (const band of commission.bands) if (band.from <= value) rates = band.rates;
  return rates;
}

/** The VAT rate charged on commission and fees: Belgian 21 %, or none under reverse charge. */
export const vatRateBp = (vat: VatTreatment): number => (vat.kind === 'be_standard' ? vat.rateBp : 0);
