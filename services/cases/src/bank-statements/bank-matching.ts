/**
 * Which case a bank credit is for, as plain values. A credit whose structured reference is a
 * case's (its OGM or RF reference, made from the case number) is that case's payment. For the
 * rest, suggestions: each case that could be meant, with a score and the reasons shown to the
 * agent who decides —
 *
 *   an invoice number of the case in the communication   50
 *   the case's number in the communication (AMI-…)      50
 *   the payer's account paid this case before, or is
 *   the debtor's own                                     40
 *   the amount is what the case has open                 30
 *   the payer's name is like the debtor's                up to 40 (× the name similarity, from 0.5)
 *
 * A suggestion needs 30 points (a name alone: three quarters alike); the best five are kept, best
 * first (ties by case number).
 */
import { formatMoney } from '@amicus/money';
import type { RecognisedReference } from './bank-statement';

/**
 * The number a reference of ours is made from (OGM: its first 10 digits; RF: its digits), else
 * null: a case number, or a payment plan's reference number (@amicus/payment-references).
 */
export function caseNumberOf(reference: Pick<RecognisedReference, 'scheme' | 'electronic'>): bigint | null {
  if (reference.scheme === 'ogm') return /^\d{12}$/.test(reference.electronic) ? BigInt(reference.electronic.slice(0, 10)) : null;
  const body = reference.electronic.slice(4);
  // A number with leading zeros is another reference than the one made from the number.
  return /^[1-9]\d{0,9}$/.test(body) ? BigInt(body) : null;
}

// --- names -----------------------------------------------------------------------------------

/** Lower case, accents and punctuation gone, words sorted: "JANSSENS, Ân" and "an janssens" read the same. */
export function normalName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')
    .sort()
    .join(' ');
}

/** The words of a name worth looking a debtor up by (two letters or more). */
export function nameWords(name: string): string[] {
  return [...new Set(normalName(name).split(' '))].filter((w) => w.length >= 2);
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const padded = ` ${text} `;
  for (let i = 0; i < padded.length - 1; i++) {
    const g = padded.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/**
 * How alike two names are, 0 to 1: the Sørensen–Dice coefficient of their letter pairs, on the
 * normal forms (so word order, case and accents do not count). 1 for the same name.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = normalName(a);
  const y = normalName(b);
  if (x === '' || y === '') return 0;
  if (x === y) return 1;
  const gx = bigrams(x);
  const gy = bigrams(y);
  let shared = 0;
  let total = 0;
  for (const [g, n] of gx) {
    shared += Math.min(n, gy.get(g) ?? 0);
    total += n;
  }
  for (const n of gy.values()) total += n;
  return (2 * shared) / total;
}

// --- suggestions -----------------------------------------------------------------------------

/** An open case as suggestions see it. */
export interface CaseCandidate {
  caseId: string;
  caseNumber: bigint;
  currency: string;
  openMinor: bigint;
  debtorName: string;
  /** Accounts that paid this case before, and the debtor's own (electronic IBANs). */
  ibans: readonly string[];
  invoiceNumbers: readonly string[];
}

/** What of a credit suggestions read. */
export interface CreditToPlace {
  amountMinor: bigint;
  currency: string;
  payerName: string | null;
  payerIban: string | null;
  text: string | null;
}

export interface Suggestion {
  caseId: string;
  score: number;
  reasons: string[];
}

export const SUGGESTION_THRESHOLD = 30;
export const MAX_SUGGESTIONS = 5;
const NAME_FROM = 0.5;

/** The words and numbers of a communication an invoice or case number could be (normalised: upper case, no spaces inside). */
export function referenceTokens(text: string | null): string[] {
  if (!text) return [];
  return [...new Set(text.toUpperCase().split(/[\s,;:()'"+*]+/))]
    .map((t) => t.replace(/^[./#-]+|[./#-]+$/g, ''))
    .filter((t) => t.length >= 3 && /\d/.test(t));
}

/** The case numbers a communication names as `AMI-000123` (the case reference letters print). */
export function caseNumbersInText(text: string | null): bigint[] {
  if (!text) return [];
  return [...text.toUpperCase().matchAll(/\bAMI[- ]?0*(\d{1,10})\b/g)].map((m) => BigInt(m[1] as string));
}

export const normalInvoice = (invoice: string): string => invoice.toUpperCase().replace(/\s+/g, '');

/** Scores each candidate for a credit and keeps the best, with their reasons. */
export function suggestCases(credit: CreditToPlace, candidates: readonly CaseCandidate[]): Suggestion[] {
  const tokens = new Set(referenceTokens(credit.text));
  const numbersInText = new Set(caseNumbersInText(credit.text));
  const scored: (Suggestion & { caseNumber: bigint })[] = [];
  for (const c of candidates) {
    let score = 0;
    const reasons: string[] = [];
    const invoice = c.invoiceNumbers.find((i) => tokens.has(normalInvoice(i)));
    if (invoice) {
      score += 50;
      reasons.push(`invoice ${invoice} of this case is in the communication`);
    }
    if (numbersInText.has(c.caseNumber)) {
      score += 50;
      reasons.push(`the case's number ${c.caseNumber} is in the communication`);
    }
    if (credit.payerIban && c.ibans.includes(credit.payerIban)) {
      score += 40;
      reasons.push(`the account ${credit.payerIban} paid this case before or is the debtor's`);
    }
    if (credit.currency === c.currency && credit.amountMinor === c.openMinor) {
      score += 30;
      reasons.push(`${formatMoney({ amountMinor: credit.amountMinor, currency: credit.currency })} is what the case has open`);
    }
    if (credit.payerName) {
      const similar = nameSimilarity(credit.payerName, c.debtorName);
      if (similar >= NAME_FROM) {
        score += Math.round(40 * similar);
        reasons.push(`the payer "${credit.payerName}" is like the debtor "${c.debtorName}" (${Math.round(similar * 100)} %)`);
      }
    }
    if (score >= SUGGESTION_THRESHOLD) scored.push({ caseId: c.caseId, caseNumber: c.caseNumber, score, reasons });
  }
  return scored
    .sort((a, b) => b.score - a.score || (a.caseNumber < b.caseNumber ? -1 : a.caseNumber > b.caseNumber ? 1 : 0))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ caseId, score, reasons }) => ({ caseId, score, reasons }));
}

// --- the open cases, indexed for suggestions ---------------------------------------------------

/** An amount that many cases have open says nothing: past this many it suggests none of them. */
const MAX_BY_AMOUNT = 20;
/** A word in this many debtors' names (BV, NV, Jan) finds no one by itself. */
const MAX_BY_WORD = 200;

/**
 * The open cases by what a credit can point at them with — invoice and case numbers, accounts,
 * the amount, the words of the debtor's name — so that each credit is scored against a handful
 * of candidates, not against every case.
 */
export class CandidateIndex {
  private readonly byInvoice = new Map<string, CaseCandidate[]>();
  private readonly byNumber = new Map<bigint, CaseCandidate>();
  private readonly byIban = new Map<string, CaseCandidate[]>();
  private readonly byAmount = new Map<string, CaseCandidate[]>();
  private readonly byWord = new Map<string, CaseCandidate[]>();

  constructor(candidates: Iterable<CaseCandidate>) {
    const add = <K>(map: Map<K, CaseCandidate[]>, key: K, c: CaseCandidate) => {
      const list = map.get(key);
      if (list) list.push(c);
      else map.set(key, [c]);
    };
    for (const c of candidates) {
      this.byNumber.set(c.caseNumber, c);
      for (const i of c.invoiceNumbers) add(this.byInvoice, normalInvoice(i), c);
      for (const iban of c.ibans) add(this.byIban, iban, c);
      add(this.byAmount, `${c.currency}:${c.openMinor}`, c);
      for (const w of nameWords(c.debtorName)) add(this.byWord, w, c);
    }
  }

  /** The cases a credit could be for. */
  candidatesFor(credit: CreditToPlace): CaseCandidate[] {
    const found = new Map<string, CaseCandidate>();
    const take = (list: readonly CaseCandidate[] | undefined, max = Infinity) => {
      if (list && list.length <= max) for (const c of list) found.set(c.caseId, c);
    };
    for (const t of referenceTokens(credit.text)) take(this.byInvoice.get(t));
    for (const n of caseNumbersInText(credit.text)) {
      const c = this.byNumber.get(n);
      if (c) found.set(c.caseId, c);
    }
    if (credit.payerIban) take(this.byIban.get(credit.payerIban));
    take(this.byAmount.get(`${credit.currency}:${credit.amountMinor}`), MAX_BY_AMOUNT);
    if (credit.payerName) for (const w of nameWords(credit.payerName)) take(this.byWord.get(w), MAX_BY_WORD);
    return [...found.values()];
  }

  suggest(credit: CreditToPlace): Suggestion[] {
    return suggestCases(credit, this.candidatesFor(credit));
  }
}
