/**
 * The parts of sending that are rules, not plumbing: which template channel renders a channel,
 * how the legal engine's contact window is asked (the injected legal check of the contact
 * rules), and how a stored communication reads as a delivery state. Pure.
 */
import { legalChannelOf, type ContactChannel } from '@amicus/contact';
import { COUNTRIES, contactWindow } from '@amicus/legal';
import type { Channel } from '../channels/channel';
import { jurisdictionOf } from '../communication-context/communication-context';
import type { ContactHistoryEntry, LegalContactCheck } from '../contact-rules/contact-rules';
import type { DeliveryHistoryEntry, DeliveryState, DeliveryStatus } from '../delivery/delivery-status';
import type { TemplateChannel } from '../templates/template-kinds';

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
    return { allowed: answer.allowed, rule: answer.rule, source: answer.source, reason: answer.reason, ...(answer.earliestAt && { earliestAt: answer.earliestAt }) };
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
    history: history.map(({ notBefore, ...h }): DeliveryHistoryEntry => ({ ...h, at: new Date(h.at), ...(notBefore && { notBefore: new Date(notBefore) }) })),
  };
}

export function storedHistory(state: DeliveryState): StoredHistoryEntry[] {
  return state.history.map(({ notBefore, ...h }): StoredHistoryEntry => ({ ...h, at: h.at.toISOString(), ...(notBefore && { notBefore: notBefore.toISOString() }) }));
}

export function contactHistoryEntry(row: { channel: string; at: Date; direction: string; kind: string }): ContactHistoryEntry {
  return { channel: row.channel as ContactChannel, at: new Date(row.at), direction: row.direction === 'inbound' ? 'inbound' : 'outbound' };
}
