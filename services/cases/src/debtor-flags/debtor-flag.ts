/**
 * Debtor flags, as plain values: what the law or care asks of collection when the debtor is
 * under a collective debt settlement, has a debt counsellor acting for them, has died, or has
 * reported hardship. A flag is the debtor's — every case of that debtor with its client — set on
 * stated evidence by an agent (of the case's brand), the client (its own debtors), the admin, or
 * a register through its adapter (collective settlements); removed, never deleted, with a reason.
 *
 * What each flag does (`careOf`, read by the journey's one gate, `mayGoOn`):
 * - collective_settlement: from the decision date the journey stops and the legal engine refuses
 *   every step and charge (libs/legal stops: BE-S-1/NL-S-1), the statement stops interest at that
 *   date (BE-S-2/NL-S-2), and the claim is declared to the mediator (BE-S-3/NL-S-3, the claim
 *   declaration PDF). Removing it (the settlement ends) resumes the journey, assessed anew.
 * - debt_counselling: contact goes to the counsellor, not the debtor — the journey's automatic
 *   messages to the debtor stop and an agent handles the case with the counsellor (review);
 *   costs stop from the day it is set when the client's policy says so (default: they do).
 * - deceased: collection of the debtor stops; an agent addresses the estate (review).
 * - hardship: a review task for an agent, not another reminder.
 */
import { isCalendarDate, type CalendarDate } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { SETTLEMENT_RULES, type LegalStops } from '@amicus/legal';
import type { Actor } from '../case-lifecycle/case-lifecycle';

export const FLAG_KINDS = ['collective_settlement', 'debt_counselling', 'deceased', 'hardship'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];
export const FLAG_SOURCES = ['agent', 'client', 'admin', 'register', 'debtor'] as const;
export type FlagSource = (typeof FLAG_SOURCES)[number];

/** Whom collection addresses instead of the debtor: the debt mediator, the counsellor, the estate. */
export interface FlagContact {
  name: string;
  organisation: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
}

export interface DebtorFlag {
  id: string;
  debtorId: string;
  clientId: string;
  kind: FlagKind;
  status: 'active' | 'removed';
  /** collective_settlement: the admissibility decision (BE) / the ruling applying the Wsnp (NL). */
  decisionDate: CalendarDate | null;
  country: 'BE' | 'NL' | null;
  reference: string | null;
  contact: FlagContact | null;
  evidence: string;
  source: FlagSource;
  setBy: Actor;
  setOnCaseId: string;
  setAt: string;
  removedAt: string | null;
  removedBy: Actor | null;
  removalReason: string | null;
  removalEvidence: string | null;
}

export interface SetFlag {
  kind: string;
  decisionDate?: string | null;
  country?: string | null;
  reference?: string | null;
  contact?: Partial<FlagContact> | null;
  evidence: string;
}

export interface FlagContext {
  actor: Actor;
  /** Who set it, as the flag records it (an admin, an agent, the client, a register). */
  source: FlagSource;
  at: Date;
  today: CalendarDate;
  debtor: { id: string; clientId: string; country: string };
  caseId: string;
  flagId: string;
}

/** The care policy of a flag, with the rule it follows (Choice: the agency's, configurable). */
export const CARE_RULES: Record<Exclude<FlagKind, 'collective_settlement'>, { rule: string; source: string }> = {
  debt_counselling: {
    rule: 'CARE-COUNSELLOR',
    source:
      'Choice (agency policy): a debt counsellor (OCMW/CPAS, a recognised debt counselling service, a lawyer) acts for the debtor — contact goes through them; costs per the client policy (legal-rules.md, "Legal stops and care")',
  },
  deceased: { rule: 'CARE-DECEASED', source: 'Choice (agency policy): collection of a deceased debtor stops; the estate is addressed' },
  hardship: { rule: 'CARE-HARDSHIP', source: 'Choice (agency policy): hardship reported — a review by an agent, not another reminder' },
};

/** The start of the reason a flag stops a journey with: removing the flag resumes exactly those journeys. */
export const STOP_REASON_PREFIX: Record<FlagKind, string> = {
  collective_settlement: 'collective debt settlement',
  debt_counselling: 'debt counselling',
  deceased: 'the debtor has died',
  hardship: 'hardship reported',
};

const MAX_TEXT = 2000;

/** A new flag, checked; every problem names its field. */
export function setFlag(active: readonly DebtorFlag[], input: SetFlag, ctx: FlagContext): DebtorFlag {
  if (ctx.actor.kind === 'legal_staff')
    throw new DomainError('forbidden', 'legal staff read debtor flags; agents, the client and the admin set them');
  const problems: { field: string; reason: string }[] = [];
  const kind = input.kind as FlagKind;
  if (!(FLAG_KINDS as readonly string[]).includes(input.kind))
    problems.push({ field: 'kind', reason: `is not one of ${FLAG_KINDS.join(', ')}` });
  const evidence = input.evidence?.trim() ?? '';
  if (!evidence)
    problems.push({ field: 'evidence', reason: 'is required: say what the flag rests on (a court decision, a letter, a call)' });
  else if (evidence.length > MAX_TEXT) problems.push({ field: 'evidence', reason: `is longer than ${MAX_TEXT} characters` });
  if (ctx.source === 'register' && kind !== 'collective_settlement')
    problems.push({ field: 'kind', reason: 'a register sets collective debt settlements only' });
  let decisionDate: CalendarDate | null = null;
  let country: 'BE' | 'NL' | null = null;
  if (kind === 'collective_settlement') {
    if (!input.decisionDate) problems.push({ field: 'decisionDate', reason: 'is required for a collective debt settlement' });
    else if (!isCalendarDate(input.decisionDate)) problems.push({ field: 'decisionDate', reason: 'is not a date (YYYY-MM-DD)' });
    else if (input.decisionDate > ctx.today)
      problems.push({ field: 'decisionDate', reason: `is after today (${ctx.today}): a decision is flagged once it is given` });
    else decisionDate = input.decisionDate;
    const c = (input.country ?? ctx.debtor.country).trim().toUpperCase();
    if (c !== 'BE' && c !== 'NL') problems.push({ field: 'country', reason: 'a collective debt settlement is Belgian (BE) or Dutch (NL)' });
    else country = c;
  } else if (input.decisionDate) problems.push({ field: 'decisionDate', reason: 'only a collective debt settlement has a decision date' });
  const contact = contactOf(input.contact, problems);
  if (kind === 'debt_counselling' && !contact) problems.push({ field: 'contact', reason: 'is required: contact goes to the counsellor' });
  if (kind === 'debt_counselling' && contact && !contact.email && !contact.phone && !contact.address)
    problems.push({ field: 'contact', reason: "needs the counsellor's e-mail, phone or address" });
  const reference = input.reference?.trim() || null;
  if (reference && reference.length > 200) problems.push({ field: 'reference', reason: 'is longer than 200 characters' });
  if (problems.length) throw DomainError.invalid(problems);
  if (active.some((f) => f.kind === kind && f.status === 'active'))
    throw new DomainError('conflict', `the debtor is already flagged ${kind}: remove that flag first to record another`);
  return {
    id: ctx.flagId,
    debtorId: ctx.debtor.id,
    clientId: ctx.debtor.clientId,
    kind,
    status: 'active',
    decisionDate,
    country,
    reference,
    contact,
    evidence,
    source: ctx.source,
    setBy: ctx.actor,
    setOnCaseId: ctx.caseId,
    setAt: ctx.at.toISOString(),
    removedAt: null,
    removedBy: null,
    removalReason: null,
    removalEvidence: null,
  };
}

function contactOf(c: Partial<FlagContact> | null | undefined, problems: { field: string; reason: string }[]): FlagContact | null {
  if (!c) return null;
  const t = (v: string | null | undefined) => v?.trim() || null;
  const out: FlagContact = {
    name: t(c.name) ?? '',
    organisation: t(c.organisation),
    email: t(c.email),
    phone: t(c.phone),
    address: t(c.address),
  };
  if (!out.name) problems.push({ field: 'contact.name', reason: 'is required' });
  if (out.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(out.email))
    problems.push({ field: 'contact.email', reason: 'is not an e-mail address' });
  for (const [k, v] of Object.entries(out))
    if (v && v.length > 500) problems.push({ field: `contact.${k}`, reason: 'is longer than 500 characters' });
  return out;
}

/** The flag removed (the settlement ended, the counsellor withdrew, the report was wrong): kept, with who and why. */
export function removeFlag(flag: DebtorFlag, input: { reason: string; evidence?: string | null }, actor: Actor, at: Date): DebtorFlag {
  if (actor.kind === 'legal_staff')
    throw new DomainError('forbidden', 'legal staff read debtor flags; agents, the client and the admin remove them');
  if (flag.status !== 'active') throw new DomainError('conflict', `the ${flag.kind} flag is already removed`);
  const reason = input.reason?.trim() ?? '';
  if (!reason) throw DomainError.invalid([{ field: 'reason', reason: 'is required: say why the flag no longer holds' }]);
  if (reason.length > MAX_TEXT) throw DomainError.invalid([{ field: 'reason', reason: `is longer than ${MAX_TEXT} characters` }]);
  return {
    ...flag,
    status: 'removed',
    removedAt: at.toISOString(),
    removedBy: actor,
    removalReason: reason,
    removalEvidence: input.evidence?.trim() || null,
  };
}

/** What the debtor's active flags ask of the journey today: nothing, a stop, or a stop for an agent's review. */
export type CareGate = null | { reason: string; review: boolean };

export function careOf(flags: readonly DebtorFlag[], today: CalendarDate): CareGate {
  const active = flags.filter((f) => f.status === 'active');
  const settlement = active.find((f) => f.kind === 'collective_settlement');
  if (settlement && settlement.decisionDate && today >= settlement.decisionDate) {
    const rule = settlement.country === 'NL' ? 'NL-S-1' : 'BE-S-1';
    return {
      reason: `${STOP_REASON_PREFIX.collective_settlement}${settlement.reference ? ` ${settlement.reference}` : ''} since ${settlement.decisionDate} (${rule}): collection stops; the claim is declared to the debt mediator`,
      review: false,
    };
  }
  if (active.some((f) => f.kind === 'deceased'))
    return { reason: `${STOP_REASON_PREFIX.deceased} (CARE-DECEASED): collection stops; an agent addresses the estate`, review: true };
  const counsellor = active.find((f) => f.kind === 'debt_counselling');
  if (counsellor)
    return {
      reason: `${STOP_REASON_PREFIX.debt_counselling} (CARE-COUNSELLOR): contact goes to ${counsellor.contact?.name ?? 'the counsellor'}, not the debtor; an agent handles the case with them`,
      review: true,
    };
  if (active.some((f) => f.kind === 'hardship'))
    return {
      reason: `${STOP_REASON_PREFIX.hardship} (CARE-HARDSHIP): an agent reviews the case before any further reminder`,
      review: true,
    };
  return null;
}

/**
 * The stops the legal engine applies: the settlement from its decision date; under debt
 * counselling, when the client's policy stops costs, no charge from the day the flag was set
 * (its UTC day: the flag's own record of when).
 */
export function legalStopsOf(flags: readonly DebtorFlag[], costsStopUnderCounselling = true): LegalStops {
  const active = flags.filter((f) => f.status === 'active');
  const settlement = active.find((f) => f.kind === 'collective_settlement' && f.decisionDate);
  const counsellor = costsStopUnderCounselling ? active.find((f) => f.kind === 'debt_counselling') : undefined;
  return {
    ...(settlement
      ? {
          collectiveSettlement: {
            decisionDate: settlement.decisionDate!,
            ...(settlement.country ? { country: settlement.country } : {}),
            ...(settlement.reference ? { reference: settlement.reference } : {}),
          },
        }
      : {}),
    ...(counsellor
      ? {
          costsStop: {
            from: counsellor.setAt.slice(0, 10),
            rule: CARE_RULES.debt_counselling.rule,
            source: CARE_RULES.debt_counselling.source,
            reason: `a debt counsellor (${counsellor.contact?.name ?? 'named on the flag'}) acts for the debtor and the client's policy stops costs`,
          },
        }
      : {}),
  };
}

/** Whether the case may go to legal proceedings, as the debtor's flags see it (escalation/ reads it). */
export function legalStopOf(flags: readonly DebtorFlag[], today: CalendarDate): { rule: string; reason: string } | null {
  const care = careOf(flags, today);
  if (!care) return null;
  const settlement = flags.find((f) => f.status === 'active' && f.kind === 'collective_settlement');
  const rule = care.reason.startsWith(STOP_REASON_PREFIX.collective_settlement)
    ? settlement?.country === 'NL'
      ? 'NL-S-1'
      : 'BE-S-1'
    : care.reason.startsWith(STOP_REASON_PREFIX.deceased)
      ? CARE_RULES.deceased.rule
      : care.reason.startsWith(STOP_REASON_PREFIX.debt_counselling)
        ? CARE_RULES.debt_counselling.rule
        : CARE_RULES.hardship.rule;
  return { rule, reason: care.reason };
}

/**
 * The legal stops escalation's eligibility reads (escalation/ `no_legal_stop`): a collective
 * debt settlement from its decision date (enforcement suspended), a deceased debtor (the estate).
 */
export function escalationStopsOf(
  flags: readonly DebtorFlag[],
  today: CalendarDate,
): { kind: string; since: CalendarDate; source: string }[] {
  return flags
    .filter((f) => f.status === 'active')
    .flatMap((f) => {
      if (f.kind === 'collective_settlement' && f.decisionDate && f.decisionDate <= today)
        return [{ kind: 'collective debt settlement', since: f.decisionDate, source: SETTLEMENT_RULES[f.country ?? 'BE'].stop.source }];
      if (f.kind === 'deceased') return [{ kind: 'deceased debtor', since: f.setAt.slice(0, 10), source: CARE_RULES.deceased.source }];
      return [];
    });
}
