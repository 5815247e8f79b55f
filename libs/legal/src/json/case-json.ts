/**
 * Validation of a case given as JSON (CLI, GraphQL): every problem names its path and what is
 * wrong, e.g. `claims[2].dueDate: not a calendar date (YYYY-MM-DD)`. Amounts are decimal strings
 * in the case currency ("1234.50"): JSON numbers would be floating point.
 */
import { isCurrencyCode, parseMoney, type Money } from '@amicus/money';
import { isCalendarDate } from '@amicus/calendar';
import { COLLECTION_KINDS, LEGAL_CHANNELS } from '@amicus/contact';
import { isInstant, isTimeZone } from '@amicus/calendar';
import { isDecimal } from '@amicus/money';
import { COUNTRIES } from '../jurisdictions/registry';
import {
  STEPS,
  type CaseInput,
  type Channel,
  type Claim,
  type CommunicationRecord,
  type DisputeRecord,
  type PaymentRecord,
  type Step,
} from '../types';

export interface FieldProblem {
  field: string;
  reason: string;
}

export interface CaseRequest {
  case: CaseInput;
  now: string;
  timeZone?: string;
  step?: Step;
  channel?: Channel;
  asOf?: string;
}

type Json = Record<string, unknown>;
const CHANNELS: readonly string[] = LEGAL_CHANNELS;
const KINDS: readonly string[] = [...COLLECTION_KINDS, 'contact'];

/**
 * An instant's text in UTC (`toISOString`), or null when it is not an ISO instant. Remembered
 * (bounded): every case of a scheduler pass has the same "now", and its letters' sending times repeat.
 */
const utcInstants = new Map<string, string | null>();
function utcInstant(text: string): string | null {
  let utc = utcInstants.get(text);
  if (utc === undefined) {
    utc = isInstant(text) ? new Date(Date.parse(text)).toISOString() : null;
    if (utcInstants.size >= 20_000) utcInstants.clear();
    utcInstants.set(text, utc);
  }
  return utc;
}

class Reader {
  readonly problems: FieldProblem[] = [];
  fail(field: string, reason: string): undefined {
    this.problems.push({ field, reason });
    return undefined;
  }
  obj(v: unknown, field: string, required = true): Json | undefined {
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return this.fail(field, v === undefined ? 'required' : 'must be an object');
    return v as Json;
  }
  arr(v: unknown, field: string, required = true): unknown[] | undefined {
    if (v === undefined && !required) return [];
    if (!Array.isArray(v)) return this.fail(field, v === undefined ? 'required' : 'must be an array');
    return v;
  }
  str(v: unknown, field: string, required = true): string | undefined {
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v === '') return this.fail(field, v === undefined ? 'required' : 'must be a non-empty string');
    return v;
  }
  oneOf<T extends string>(v: unknown, field: string, values: readonly string[], required = true): T | undefined {
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || !values.includes(v)) return this.fail(field, `must be one of ${values.join(', ')}`);
    return v as T;
  }
  date(v: unknown, field: string, required = true): string | undefined {
    if (v === undefined && !required) return undefined;
    if (!isCalendarDate(v)) return this.fail(field, v === undefined ? 'required' : 'not a calendar date (YYYY-MM-DD)');
    return v;
  }
  instant(v: unknown, field: string, required = true): string | undefined {
    if (v === undefined && !required) return undefined;
    const utc = typeof v === 'string' ? utcInstant(v) : null;
    if (utc === null) return this.fail(field, v === undefined ? 'required' : 'not an ISO instant with offset (e.g. 2025-01-09T08:30:00Z)');
    return utc;
  }
  bool(v: unknown, field: string): boolean | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') return this.fail(field, 'must be true or false');
    return v;
  }
  percent(v: unknown, field: string): string | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !isDecimal(v) || v.trim().startsWith('-'))
      return this.fail(field, 'must be a non-negative decimal string, e.g. "8" or "12.15"');
    return v;
  }
  money(v: unknown, field: string, currency: string | undefined, required = true): Money | undefined {
    if (v === undefined && !required) return undefined;
    if (typeof v === 'number') return this.fail(field, 'amounts are decimal strings (e.g. "12.50"), not JSON numbers');
    if (typeof v !== 'string') return this.fail(field, v === undefined ? 'required' : 'must be a decimal string, e.g. "12.50"');
    if (!currency) return undefined;
    try {
      const m = parseMoney(v, currency);
      if (m.amountMinor < 0n) return this.fail(field, 'must not be negative');
      return m;
    } catch (e) {
      return this.fail(field, (e as Error).message);
    }
  }
}

export function validateCaseJson(input: unknown): { ok: true; value: CaseRequest } | { ok: false; problems: FieldProblem[] } {
  const r = new Reader();
  const root = r.obj(input, '(root)');
  if (!root) return { ok: false, problems: r.problems };
  const currency =
    typeof root.currency === 'string' && isCurrencyCode(root.currency)
      ? root.currency
      : r.fail('currency', 'must be an ISO 4217 currency code, e.g. "EUR"');
  const debtorJ = r.obj(root.debtor, 'debtor');
  const debtor = debtorJ && {
    kind: r.oneOf<'consumer' | 'business'>(debtorJ.kind, 'debtor.kind', ['consumer', 'business']),
    country: r.oneOf<'BE' | 'NL'>(debtorJ.country, 'debtor.country', COUNTRIES),
    timeZone:
      debtorJ.timeZone === undefined
        ? undefined
        : isTimeZone(debtorJ.timeZone)
          ? debtorJ.timeZone
          : r.fail('debtor.timeZone', 'not an IANA time zone (e.g. Europe/Brussels)'),
  };
  const creditorJ = r.obj(root.creditor, 'creditor', false);
  const collectorJ = r.obj(root.collector, 'collector', false);
  const collector = collectorJ && {
    kind: r.oneOf<'creditor' | 'agency' | 'lawyer' | 'bailiff'>(collectorJ.kind, 'collector.kind', [
      'creditor',
      'agency',
      'lawyer',
      'bailiff',
    ]),
    registrationNumber: r.str(collectorJ.registrationNumber, 'collector.registrationNumber', false),
  };

  const ids = new Set<string>();
  const claims = (r.arr(root.claims, 'claims') ?? []).map((c, i): Claim | undefined => {
    const p = `claims[${i}]`;
    const j = r.obj(c, p);
    if (!j) return undefined;
    const id = r.str(j.id, `${p}.id`);
    if (id && ids.has(id)) r.fail(`${p}.id`, `duplicate claim id "${id}"`);
    if (id) ids.add(id);
    const issueDate = r.date(j.issueDate, `${p}.issueDate`);
    const dueDate = r.date(j.dueDate, `${p}.dueDate`, false);
    if (issueDate && dueDate && dueDate < issueDate) r.fail(`${p}.dueDate`, 'before the issue date');
    const principal = r.money(j.principal, `${p}.principal`, currency);
    if (principal && principal.amountMinor === 0n) r.fail(`${p}.principal`, 'must be more than zero');
    const t = r.obj(j.terms, `${p}.terms`, false);
    const dc = t && r.obj(t.damagesClause, `${p}.terms.damagesClause`, false);
    const ic = t && r.obj(t.interestClause, `${p}.terms.interestClause`, false);
    const terms = t && {
      damagesClause: dc && {
        reciprocal: r.bool(dc.reciprocal, `${p}.terms.damagesClause.reciprocal`) ?? false,
        ratePercent: r.percent(dc.ratePercent, `${p}.terms.damagesClause.ratePercent`),
        minimum: r.money(dc.minimum, `${p}.terms.damagesClause.minimum`, currency, false),
      },
      interestClause: ic && { ratePercent: r.percent(ic.ratePercent, `${p}.terms.interestClause.ratePercent`) },
      regularSupply: r.bool(t.regularSupply, `${p}.terms.regularSupply`),
      sector: r.oneOf<'energy' | 'telecom' | 'other'>(t.sector, `${p}.terms.sector`, ['energy', 'telecom', 'other'], false),
      contractDate: r.date(t.contractDate, `${p}.terms.contractDate`, false),
    };
    if (!id || !issueDate || !principal) return undefined;
    return { id, number: r.str(j.number, `${p}.number`, false), issueDate, dueDate, principal, terms };
  });
  if (Array.isArray(root.claims) && root.claims.length === 0) r.fail('claims', 'a case has at least one claim');

  const claimIds = (v: unknown, field: string): string[] | undefined => {
    const list = r.arr(v, field, false);
    if (v === undefined || !list) return undefined;
    return list
      .map((x, k) => (typeof x === 'string' && ids.has(x) ? x : (r.fail(`${field}[${k}]`, `unknown claim id ${JSON.stringify(x)}`), '')))
      .filter(Boolean);
  };
  const communications = (r.arr(root.communications, 'communications', false) ?? []).map((c, i): CommunicationRecord | undefined => {
    const p = `communications[${i}]`;
    const j = r.obj(c, p);
    if (!j) return undefined;
    const kind = r.oneOf<CommunicationRecord['kind']>(j.kind, `${p}.kind`, KINDS);
    const channel = r.oneOf<Channel>(j.channel, `${p}.channel`, CHANNELS);
    const sentAt = r.instant(j.sentAt, `${p}.sentAt`);
    const sender = r.oneOf<'creditor' | 'agency'>(j.sender, `${p}.sender`, ['creditor', 'agency'], false);
    const complete = r.bool(j.complete, `${p}.complete`);
    const ids2 = claimIds(j.claimIds, `${p}.claimIds`);
    if (!kind || !channel || !sentAt) return undefined;
    return { kind, channel, sentAt, sender, complete, claimIds: ids2 };
  });
  const payments = (r.arr(root.payments, 'payments', false) ?? []).map((c, i): PaymentRecord | undefined => {
    const p = `payments[${i}]`;
    const j = r.obj(c, p);
    if (!j) return undefined;
    const receivedOn = r.date(j.receivedOn, `${p}.receivedOn`);
    const amount = r.money(j.amount, `${p}.amount`, currency);
    return receivedOn && amount ? { receivedOn, amount } : undefined;
  });
  const disputes = (r.arr(root.disputes, 'disputes', false) ?? []).map((c, i): DisputeRecord | undefined => {
    const p = `disputes[${i}]`;
    const j = r.obj(c, p);
    if (!j) return undefined;
    const status = r.oneOf<'open' | 'resolved'>(j.status, `${p}.status`, ['open', 'resolved']);
    return status ? { status, claimIds: claimIds(j.claimIds, `${p}.claimIds`) } : undefined;
  });

  const now = r.instant(root.now, 'now');
  const timeZone =
    root.timeZone === undefined
      ? undefined
      : isTimeZone(root.timeZone)
        ? root.timeZone
        : r.fail('timeZone', 'not an IANA time zone (e.g. Europe/Brussels)');
  const step = r.oneOf<Step>(root.step, 'step', STEPS, false);
  const channel = r.oneOf<Channel>(root.channel, 'channel', CHANNELS, false);
  const asOf = r.date(root.asOf, 'asOf', false);

  if (r.problems.length || !debtor?.kind || !debtor.country || !currency || !now) return { ok: false, problems: r.problems };
  const value: CaseRequest = {
    case: {
      debtor: { kind: debtor.kind, country: debtor.country, timeZone: debtor.timeZone },
      creditor: creditorJ ? { smallEnterprise: r.bool(creditorJ.smallEnterprise, 'creditor.smallEnterprise') } : undefined,
      collector: collector?.kind ? { kind: collector.kind, registrationNumber: collector.registrationNumber } : undefined,
      currency,
      claims: claims.filter((c): c is Claim => !!c),
      communications: communications.filter((c): c is CommunicationRecord => !!c),
      payments: payments.filter((c): c is PaymentRecord => !!c),
      disputes: disputes.filter((c): c is DisputeRecord => !!c),
    },
    now,
    timeZone,
    step,
    channel,
    asOf,
  };
  return r.problems.length ? { ok: false, problems: r.problems } : { ok: true, value };
}
