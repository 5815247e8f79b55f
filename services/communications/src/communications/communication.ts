/**
 * A communication, and the parts of sending that are rules, not plumbing: which template channel
 * renders a channel, how the legal engine's contact window is asked (the injected legal check of
 * the contact rules), how a stored communication reads as a delivery state, and what one attempt
 * does to its counters. Pure.
 */
import { legalChannelOf, type CommunicationKind } from '@amicus/contact';
import type { CommunicationCancelledV2 } from '@amicus/events';
import { COUNTRIES, contactWindow } from '@amicus/legal';
import type { Channel } from '../channels/channel';
import { jurisdictionOf, type StatementAmounts } from '../communication-context/communication-context';
import type { Language, LegalContactCheck, RefusalCode, SendRefused, WaitsFor } from '../contact-rules/contact-rules';
import type { DeliveryHistoryEntry, DeliveryState, DeliveryStatus } from '../delivery/delivery-status';
import type { PlanNotice } from '../plan-notices/plan-notices';
import type { TemplateChannel } from '../templates/template-kinds';

/** What cases (or an agent) asks for: a kind of communication to a case's debtor, on a channel or the preferred one. */
export interface CommunicationRequest {
  requestId: string | null;
  caseId: string;
  kind: CommunicationKind;
  channel: Channel | 'preferred';
  requestedBy: string;
  amounts: StatementAmounts | null;
  correlationId?: string;
  /** What a payment plan's communication prints of the plan (plan-notices.ts); none for the others. */
  details?: PlanNotice | null;
}

/** A refusal of the contact rules as kept with the communication (its moment as an ISO string). */
export interface StoredRefusal {
  code: RefusalCode;
  reason: string;
  rule?: string;
  source?: string;
  notBefore?: string;
  waitsFor: WaitsFor;
}

/** One communication: what was asked, where it stands, what it was sent with (communication-store.ts reads it). */
export interface Communication {
  id: string;
  requestId: string | null;
  caseId: string;
  clientId: string;
  brandId: string | null;
  kind: CommunicationKind;
  requestedChannel: Channel | 'preferred';
  /** The channel it was last decided for. */
  channel: Channel | null;
  language: Language | null;
  state: DeliveryState;
  recipient: string | null;
  templateVersionId: string | null;
  templateSource: string | null;
  legalDecision: unknown;
  refusal: StoredRefusal | null;
  /** When it is due: decided (again) by the scheduler from then on; null while it waits for an event. */
  notBefore: Date | null;
  attempts: number;
  attemptsOnChannel: number;
  triedChannels: Channel[];
  /** A request for the preferred channel (or a fallback) may go on the debtor's next channel. */
  fallbackAllowed: boolean;
  fallbackOf: string | null;
  providerMessageId: string | null;
  printBatchId: string | null;
  amounts: StatementAmounts | null;
  details: PlanNotice | null;
  requestedBy: string;
  createdAt: Date;
  sentAt: Date | null;
}

export function storedRefusal(refusal: SendRefused): StoredRefusal {
  const { code, reason, rule, source, notBefore, waitsFor } = refusal;
  return { code, reason, rule, source, notBefore: notBefore?.toISOString(), waitsFor };
}

/**
 * What CommunicationCancelled says of a communication the refusal for good ended: the channel it
 * was last decided for, or the one asked for when it never was ('preferred': the debtor's own).
 */
export function cancellationOf(
  c: Pick<Communication, 'id' | 'requestId' | 'caseId' | 'clientId' | 'kind' | 'channel' | 'requestedChannel'>,
  refusal: Pick<SendRefused, 'code' | 'reason' | 'rule'>,
  at: Date,
): CommunicationCancelledV2 {
  return {
    communicationId: c.id,
    requestId: c.requestId,
    caseId: c.caseId,
    clientId: c.clientId,
    kind: c.kind,
    channel: c.channel ?? c.requestedChannel,
    code: refusal.code,
    reason: refusal.reason,
    rule: refusal.rule ?? null,
    cancelledAt: at.toISOString(),
  };
}

/** The counters after one attempt on `channel`: every channel tried so far, the attempts on this one. */
export function attemptOn(
  c: Pick<Communication, 'channel' | 'attemptsOnChannel' | 'triedChannels'>,
  channel: Channel,
): { triedChannels: Channel[]; attemptsOnChannel: number } {
  return {
    triedChannels: [...new Set([...c.triedChannels, channel])],
    attemptsOnChannel: c.channel === channel ? c.attemptsOnChannel + 1 : 1,
  };
}

export function templateChannelOf(channel: Channel): TemplateChannel {
  switch (channel) {
    case 'email':
    case 'registered_email':
      return 'email';
    case 'sms':
    case 'whatsapp':
      return 'sms';
    case 'letter':
      return 'letter';
  }
}

/**
 * The contact rules' legal check, answered by the legal engine (BE-A-4, NL-X-2): the window in
 * the debtor's local time and the frequency limit over the history. Jurisdiction: the debtor's
 * country. A debtor in a country the engine has no rule pack for is not contacted at all: no
 * law is assumed. Only our own contacts count: a debtor calling us is not us contacting them.
 */
export function legalContactCheck(debtorKind: 'consumer' | 'business'): LegalContactCheck {
  return (input) => {
    const country = (input.country ?? '').toUpperCase();
    if (!(COUNTRIES as readonly string[]).includes(country)) {
      return {
        allowed: false,
        rule: 'NO-RULE-PACK',
        source: 'libs/legal: jurisdictions known to the engine',
        reason: `the legal engine has no rules for debtors in ${country || 'an unknown country'}; nothing is sent until it does`,
      };
    }
    const answer = contactWindow({
      country: jurisdictionOf(country),
      debtorKind,
      channel: legalChannelOf(input.channel),
      now: input.at.toISOString(),
      timeZone: input.timeZone,
      history: input.history
        .filter((h) => h.direction === 'outbound')
        .map((h) => ({ kind: 'contact' as const, channel: legalChannelOf(h.channel), sentAt: h.at.toISOString() })),
    });
    return {
      allowed: answer.allowed,
      rule: answer.rule,
      source: answer.source,
      reason: answer.reason,
      ...(answer.earliestAt && { earliestAt: answer.earliestAt }),
    };
  };
}

/** History entries as stored (JSON): instants as ISO strings. */
export interface StoredHistoryEntry extends Omit<DeliveryHistoryEntry, 'at' | 'notBefore'> {
  at: string;
  notBefore?: string;
}

export function deliveryState(status: DeliveryStatus, history: StoredHistoryEntry[]): DeliveryState {
  return {
    status,
    history: history.map(({ notBefore, ...h }): DeliveryHistoryEntry => ({
      ...h,
      at: new Date(h.at),
      ...(notBefore && { notBefore: new Date(notBefore) }),
    })),
  };
}

export function storedHistory(state: DeliveryState): StoredHistoryEntry[] {
  return state.history.map(({ notBefore, ...h }): StoredHistoryEntry => ({
    ...h,
    at: h.at.toISOString(),
    ...(notBefore && { notBefore: notBefore.toISOString() }),
  }));
}
