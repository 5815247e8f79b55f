import { isCollectionKind, legalChannelOf, type CollectionKind, type LegalChannel } from '@amicus/contact';
import type { CallLoggedV1, CommunicationSentV2, CommunicationSentV3 } from '@amicus/events';

/**
 * What the case file keeps of the contacts made with a debtor, mirrored from the
 * communications service's events, so that the legal engine judges a case with its real
 * history (a formal notice sent, a reminder's term running, today's contacts counted).
 */
export interface ContactRecord {
  id: string;
  caseId: string;
  /** The legal engine's kind: a reminder kind, or `contact` for any other message or call. */
  kind: CollectionKind | 'contact';
  channel: LegalChannel;
  at: string;
  /** Whether the message carried every legal mention (letters and e-mails only: their templates are checked at activation). */
  complete: boolean;
}

/**
 * A sent communication as the legal engine reads it: a reminder or notice as itself, anything
 * else as a contact — a pre-due reminder too: it is no first reminder (nothing was late when it
 * left), so it starts no BE-C-4 term and is no NL-C-1 letter; it counts for the contact limits.
 */
export function contactOfCommunication(e: CommunicationSentV2 | CommunicationSentV3): ContactRecord {
  const channel = legalChannelOf(e.channel);
  return {
    id: e.communicationId,
    caseId: e.caseId,
    kind: isCollectionKind(e.kind) ? e.kind : 'contact',
    channel,
    at: e.sentAt,
    // SMS and WhatsApp texts are short and not checked for the mentions (BE-C-3, BE-A-2).
    complete: channel === 'letter' || channel === 'email',
  };
}

/** A call the agent made counts as a contact (BE-A-4 hours, frequency); a call the debtor made to us does not. */
export function contactOfCall(e: CallLoggedV1): ContactRecord | null {
  if (e.direction !== 'outbound') return null;
  return { id: e.callId, caseId: e.caseId, kind: 'contact', channel: 'phone', at: e.at, complete: true };
}

/** The history as the legal engine's case JSON reads it: sent by the agency. */
export function legalCommunications(history: ContactRecord[], claimIds: string[]) {
  return history.map((h) => ({ kind: h.kind, channel: h.channel, sentAt: h.at, sender: 'agency', claimIds, complete: h.complete }));
}
