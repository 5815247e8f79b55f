import { asksToPay, type CommunicationKind, type ContactChannel } from '@amicus/contact';
import type { CaseOutcome } from '@amicus/events';
import type { Channel, PostalAddress } from '../channels/channel';
import type { TemplateLanguage as Language } from '../templates/template-kinds';

/**
 * Rules before anything leaves (issue 5, part 4). Pure: the case's and debtor's facts, the
 * contact history and the legal engine's check come in; a decision comes out. A refusal says
 * why, under which rule, and when the communication may go (`notBefore`) or what it waits for,
 * so the use case can record it and send it then on its own.
 *
 * Order of the checks (the first refusal wins, so the reason shown is the most lasting one):
 *   1. the case: closed, every claim recalled, a pre-due reminder once a claim is late (all three
 *      for good: the communication is cancelled), on hold (until the day it ends), open dispute
 *      and kept payment plan (for what asks the debtor to pay)
 *   2. the channel: opted out, no contact details for it
 *   3. the legal engine: contact window, frequency limits (it sees the history, calls included)
 */

/** The languages the agency writes in: the templates' word, under the name the rules use. */
export { TEMPLATE_LANGUAGES as LANGUAGES, type TemplateLanguage as Language } from '../templates/template-kinds';

export interface ContactHistoryEntry {
  channel: ContactChannel;
  at: Date;
  direction: 'outbound' | 'inbound';
  kind?: CommunicationKind | 'call';
  /** Calls: the outcome; e.g. a no-answer may count differently from a reached call. */
  outcome?: string;
}

export interface DebtorContacts {
  email?: string;
  /** Mobile number in E.164, for SMS. */
  phone?: string;
  /** WhatsApp number in E.164; the mobile number is used when absent. */
  whatsapp?: string;
  address?: PostalAddress;
}

export interface LegalContactCheckInput {
  channel: ContactChannel;
  kind: CommunicationKind | 'call';
  at: Date;
  /** ISO 3166-1 alpha-2; decides the jurisdiction. */
  country?: string;
  /** IANA zone of the debtor, for contact windows in local time. */
  timeZone?: string;
  history: readonly ContactHistoryEntry[];
}

/** The legal engine's contact decision (libs/legal), typed here so this module does not import it. */
export interface LegalContactDecision {
  allowed: boolean;
  rule: string;
  source: string;
  reason: string;
  /** ISO 8601 instant from which the contact would be allowed, when the engine knows one. */
  earliestAt?: string;
}

export type LegalContactCheck = (input: LegalContactCheckInput) => LegalContactDecision;

export interface SendRequest {
  debtor: {
    preferredChannel: Channel;
    /** The debtor's channels in order of use; the preferred one need not be repeated. */
    channelsOrder: readonly Channel[];
    language: string;
    optOuts: readonly Channel[];
    /** Why the debtor opted out of a channel, as recorded; shown in the refusal. */
    optOutReasons?: Partial<Record<Channel, string>>;
    contacts: DebtorContacts;
    country?: string;
    timeZone?: string;
  };
  case: CaseStanding;
  brand: { languages: readonly Language[] };
  /** The channel the scenario step asks for, or 'preferred' to take the debtor's first usable one. */
  channel: Channel | 'preferred';
  kind: CommunicationKind;
  now: Date;
  history: readonly ContactHistoryEntry[];
  legalCheck: LegalContactCheck;
}

/** The case as communications knows it now (cases' events: CaseHeld, CaseHoldReleased, CaseClosed, ClaimRecalled). */
export interface CaseStanding {
  disputeOpen: boolean;
  paymentPlanKept: boolean;
  /** `until` is the start of the day the hold ends (`endsOn`) in the agency's calendar. */
  hold?: { until: Date; endsOn: string; reason: string };
  closed?: { outcome: CaseOutcome };
  /** The case has claims and the client recalled every one of them. */
  allClaimsRecalled?: boolean;
  /** The first due date of the claims still in collection, and the moment that claim is late (the next day's start, in the debtor's zone). */
  firstDue?: { on: string; lateAt: Date };
}

export type RefusalCode =
  | 'case_closed'
  | 'claims_recalled'
  | 'claim_recalled'
  | 'past_due'
  | 'on_hold'
  | 'dispute_open'
  | 'payment_plan_kept'
  | 'instalment_paid'
  | 'payment_plan_ended'
  | 'opted_out'
  | 'no_contact'
  | 'no_usable_channel'
  | 'legally_refused';

/** What a refused communication waits for before it is decided again; `nothing`: it never goes, it is cancelled. */
export type WaitsFor = 'time' | 'dispute_resolved' | 'payment_plan_ended' | 'opt_in' | 'contact_details' | 'manual' | 'nothing';

export interface SendAllowed {
  allowed: true;
  channel: Channel;
  language: Language;
  /** The address, number or e-mail the message goes to. */
  recipient: string | PostalAddress;
  /** The legal check that allowed it, kept as evidence with the communication. */
  legal: LegalContactDecision;
}

export interface SendRefused {
  allowed: false;
  code: RefusalCode;
  reason: string;
  channel?: Channel;
  /** The legal engine's rule id, or ours (AMICUS-…) for the agency's own rules. */
  rule?: string;
  source?: string;
  /** Strictly after `now` when present: the moment the communication may go. */
  notBefore?: Date;
  waitsFor: WaitsFor;
  legal?: LegalContactDecision;
}

export type SendDecision = SendAllowed | SendRefused;

/** The debtor's language if the brand writes in it, otherwise the brand's first language. */
export function communicationLanguage(debtorLanguage: string, brandLanguages: readonly Language[]): Language {
  if (brandLanguages.length === 0) throw new Error('a brand needs at least one language');
  const wanted = debtorLanguage.trim().toLowerCase().slice(0, 2);
  return brandLanguages.find((l) => l === wanted) ?? brandLanguages[0];
}

/** The contact a channel needs, if the debtor has it. */
export function contactFor(channel: Channel, contacts: DebtorContacts): string | PostalAddress | undefined {
  switch (channel) {
    case 'email':
    case 'registered_email':
      return contacts.email || undefined;
    case 'sms':
      return contacts.phone || undefined;
    case 'whatsapp':
      return contacts.whatsapp || contacts.phone || undefined;
    case 'letter':
      return contacts.address && contacts.address.lines.length > 0 ? contacts.address : undefined;
  }
}

/** The debtor's channels, preferred first, without repeats. */
export function debtorChannelOrder(debtor: SendRequest['debtor']): Channel[] {
  return [...new Set<Channel>([debtor.preferredChannel, ...debtor.channelsOrder])];
}

export function decideSend(request: SendRequest): SendDecision {
  const { debtor, now, kind } = request;
  const byCase = caseRefusal(request.case, kind, now);
  if (byCase) return byCase;

  const channelChoice = chooseChannel(request);
  if (!channelChoice.ok) return channelChoice.refusal;
  const { channel, recipient } = channelChoice;

  const legal = request.legalCheck({
    channel,
    kind,
    at: now,
    country: debtor.country,
    timeZone: debtor.timeZone,
    history: request.history,
  });
  if (!legal.allowed) {
    const earliest = legal.earliestAt ? new Date(legal.earliestAt) : undefined;
    // Only a moment strictly in the future can schedule the send; anything else waits for a person.
    const notBefore = earliest && earliest.getTime() > now.getTime() ? earliest : undefined;
    return refuse('legally_refused', legal.reason, notBefore ? 'time' : 'manual', {
      channel,
      rule: legal.rule,
      source: legal.source,
      notBefore,
      legal,
    });
  }

  return { allowed: true, channel, language: communicationLanguage(debtor.language, request.brand.languages), recipient, legal };
}

const OUTCOME_WORDS: Record<CaseOutcome, string> = {
  paid: 'paid',
  settled: 'settled',
  written_off: 'written off',
  returned_to_client: 'returned to the client',
};

/** What the case itself refuses, whatever the channel: the first of closed, recalled, past due (a pre-due reminder), on hold, dispute, plan. */
export function caseRefusal(kase: CaseStanding, kind: CommunicationKind, now: Date): SendRefused | undefined {
  if (kase.closed)
    return refuse('case_closed', `the case is closed (${OUTCOME_WORDS[kase.closed.outcome]})`, 'nothing', { rule: 'AMICUS-CLOSED' });
  if (kase.allClaimsRecalled) {
    return refuse('claims_recalled', 'the client recalled every claim of the case', 'nothing', { rule: 'AMICUS-RECALLED' });
  }
  // A reminder before the due date says nothing is late yet: once a claim is, it would mislead
  // (BE-A-4), and the journey's reminders after the due date take over.
  if (kind === 'pre_due_reminder' && kase.firstDue && now.getTime() >= kase.firstDue.lateAt.getTime()) {
    return refuse('past_due', `a claim fell due on ${kase.firstDue.on}: a reminder before the due date comes too late`, 'nothing', {
      rule: 'AMICUS-PRE-DUE',
    });
  }
  if (kase.hold && kase.hold.until.getTime() > now.getTime()) {
    return refuse('on_hold', `the case is on hold until ${kase.hold.endsOn}${kase.hold.reason ? `: ${kase.hold.reason}` : ''}`, 'time', {
      rule: 'AMICUS-HOLD',
      notBefore: kase.hold.until,
    });
  }
  // What asks the debtor to pay (the collection kinds, the pre-due reminder): an open dispute
  // pauses it (domain.md: Dispute), so does a payment plan being kept (domain.md: Payment plan).
  if (kase.disputeOpen && asksToPay(kind)) {
    return refuse('dispute_open', `a dispute is open: no ${kind} until it is resolved`, 'dispute_resolved', { rule: 'AMICUS-DISPUTE' });
  }
  if (kase.paymentPlanKept && asksToPay(kind)) {
    return refuse('payment_plan_kept', `a payment plan is being kept: no ${kind} while it is`, 'payment_plan_ended', {
      rule: 'AMICUS-PLAN',
    });
  }
  return undefined;
}

/**
 * A communication requested before the client recalled one of the case's claims: its statement
 * still counts that claim, so it does not go (the journey asks again with the case as it is now).
 */
export function recalledClaimRefusal(claimNumber: string): SendRefused {
  return refuse('claim_recalled', `the client recalled claim ${claimNumber} after this was requested: its amounts count it`, 'nothing', {
    rule: 'AMICUS-RECALLED',
  });
}

/**
 * What a hold leaves never to go: what the case will refuse for good on the day the hold ends (a
 * pre-due reminder whose due date passes during the hold), so that it is cancelled when the case
 * is put on hold rather than kept waiting for a day on which it cannot go. Undefined for what will
 * be decided again then.
 */
export function neverAfterHold(kase: CaseStanding, kind: CommunicationKind, now: Date): SendRefused | undefined {
  if (!kase.hold) return undefined;
  const { hold, ...after } = kase;
  const refusal = caseRefusal(after, kind, new Date(Math.max(hold.until.getTime(), now.getTime())));
  if (!refusal || !cancels(refusal)) return undefined;
  // Refused for good already now (closed, recalled): the reason needs no hold.
  const already = caseRefusal(after, kind, now);
  return already && cancels(already) ? already : { ...refusal, reason: `${refusal.reason}, once the hold ends on ${hold.endsOn}` };
}

/** A refusal for good: the communication is cancelled rather than scheduled. */
export function cancels(decision: SendDecision): decision is SendRefused {
  return !decision.allowed && decision.waitsFor === 'nothing';
}

type ChannelChoice = { ok: true; channel: Channel; recipient: string | PostalAddress } | { ok: false; refusal: SendRefused };

function chooseChannel(request: SendRequest): ChannelChoice {
  const { debtor } = request;
  const check = (channel: Channel): ChannelChoice => {
    if (debtor.optOuts.includes(channel)) {
      const why = debtor.optOutReasons?.[channel];
      return {
        ok: false,
        refusal: refuse('opted_out', `the debtor opted out of ${channel}${why ? `: ${why}` : ''}`, 'opt_in', {
          channel,
          rule: 'AMICUS-OPT-OUT',
        }),
      };
    }
    const recipient = contactFor(channel, debtor.contacts);
    if (!recipient) {
      return {
        ok: false,
        refusal: refuse('no_contact', `the debtor has no contact details for ${channel}`, 'contact_details', { channel }),
      };
    }
    return { ok: true, channel, recipient };
  };

  if (request.channel !== 'preferred') return check(request.channel);

  const refusals: string[] = [];
  for (const channel of debtorChannelOrder(debtor)) {
    const choice = check(channel);
    if (choice.ok) return choice;
    refusals.push(choice.refusal.reason);
  }
  const waitsFor: WaitsFor = refusals.length > 0 && refusals.every((r) => r.includes('opted out')) ? 'opt_in' : 'contact_details';
  return {
    ok: false,
    refusal: refuse('no_usable_channel', `no usable channel: ${refusals.join('; ') || 'the debtor has no channels'}`, waitsFor, {}),
  };
}

function refuse(code: RefusalCode, reason: string, waitsFor: WaitsFor, extra: Partial<SendRefused>): SendRefused {
  return { allowed: false, code, reason, waitsFor, ...extra };
}

/**
 * When a refused communication should be decided again on its own: at `notBefore` when the
 * refusal names one, otherwise never by the clock (it waits for an event: the dispute resolved,
 * the plan broken or ended, an opt-in, new contact details, or a person; or for nothing).
 */
export function nextAttemptAt(decision: SendDecision): Date | undefined {
  return decision.allowed ? undefined : decision.notBefore;
}
