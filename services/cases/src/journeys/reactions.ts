/**
 * What the debtor's reactions and the fate of a journey's messages do to the journey, as plain
 * values: a call's outcome (a promise waits until its date, a dispute is a reaction — its dispute makes the journey wait — a wrong
 * number asks an agent to research the number, an answer counts as a reaction), a send that
 * failed for good (an e-mail or a text the step sends once more by letter, a returned letter
 * asks an agent to research the address), a hold released early or a dispute resolved (the
 * journey goes on now).
 *
 * A send that failed over to another channel (communications' own fallback) is no reaction: the
 * message still goes out. An opt-out reaches the journey the same way — communications tries
 * the debtor's other channels and fails the send only when none is left.
 */
import { addDays, instantAt, type CalendarDate, type Instant } from '@amicus/calendar';
import type { SendingChannel } from '@amicus/contact';
import type { CallLoggedV1, CommunicationCancelledV1, CommunicationCancelledV2, CommunicationFailedV1 } from '@amicus/events';

export type ReactionKind =
  | 'answered'
  | 'promise'
  | 'dispute'
  | 'research_phone'
  | 'research_address'
  | 'call_back'
  | 'no_answer'
  | 'resend_by_letter'
  | 'legally_refused'
  | 'hold_released'
  | 'dispute_resolved';

/** What one reaction does to the journey; every field absent leaves that part as it is. */
export interface ReactionEffect {
  kind: ReactionKind;
  /** Why, for the case history. */
  reason: string;
  /** The debtor reacted to the step last run (the "no reaction to the previous step" condition). */
  reacted?: true;
  /** The journey waits until then (a promise: the day after the promised date, so the payment can come in). */
  waitUntil?: Instant;
  /** An agent looks at the case from then on (worklist). */
  agentsFrom?: Instant;
  /** The journey stops for an agent's review. */
  review?: true;
  /** The step that sent the failed message goes out once more, on this channel. */
  resendOn?: SendingChannel;
  /** A paused journey goes on now. */
  wake?: true;
}

/** A call's outcome, as the journey reads it; `timeZone` is the agency's (a promise date is a day in its calendar). */
export function reactionToCall(call: CallLoggedV1, timeZone: string): ReactionEffect {
  const at = call.at;
  switch (call.outcome) {
    case 'promise_to_pay': {
      if (!call.promise) return { kind: 'answered', reason: 'the debtor promised to pay on a call (no date given)', reacted: true };
      const day: CalendarDate = call.promise.dueDate;
      return {
        kind: 'promise',
        reason: `the debtor promised to pay by ${day} on a call: the journey waits until the day after`,
        reacted: true,
        waitUntil: instantAt(addDays(day, 1), 0, timeZone),
      };
    }
    case 'dispute_raised':
      // The call opens a dispute on the case's open claims (disputes/): the journey waits for it by itself.
      return { kind: 'dispute', reason: 'the debtor disputed the debt on a call: collection of the disputed claims waits', reacted: true };
    case 'wrong_number':
      return { kind: 'research_phone', reason: 'wrong number: an agent researches the debtor’s phone number', agentsFrom: at };
    case 'call_back':
      return {
        kind: 'call_back',
        reason: `the debtor asked to be called back${call.callBackAt ? ` at ${call.callBackAt}` : ''}`,
        reacted: true,
        agentsFrom: call.callBackAt ?? at,
      };
    case 'reached':
      return { kind: 'answered', reason: 'the debtor was reached on a call', reacted: true };
    case 'no_answer':
      return { kind: 'no_answer', reason: 'no answer on a call' };
  }
}

/**
 * A send of the journey's that failed. Only a failure communications could not route around
 * (no fallback channel left) moves the journey; a letter that fails cannot go by letter again.
 */
export function reactionToFailure(failed: CommunicationFailedV1): ReactionEffect | null {
  if (failed.fallbackChannel !== null) return null;
  if (failed.channel === 'letter')
    return {
      kind: 'research_address',
      reason: `the letter could not be delivered (${failed.reason}): an agent researches the address`,
      agentsFrom: failed.failedAt,
    };
  return {
    kind: 'resend_by_letter',
    reason: `the ${failed.channel.replace('_', ' ')} could not be delivered (${failed.reason}): the step goes out once more, by letter`,
    resendOn: 'letter',
  };
}

/**
 * A send communications cancelled (it will never go). What the case's own standing explains
 * (closed, recalled, on hold, a dispute, a plan, a pre-due reminder overtaken by the due date)
 * the journey's gate handles by itself; a debtor it cannot reach on that channel (opted out, no
 * contact details, no usable channel) is the same as a failed send; a legal refusal for good
 * asks an agent.
 */
export function reactionToCancel(cancelled: CommunicationCancelledV1 | CommunicationCancelledV2): ReactionEffect | null {
  switch (cancelled.code) {
    case 'opted_out':
    case 'no_contact':
    case 'no_usable_channel':
      if (cancelled.channel === 'letter')
        return {
          kind: 'research_address',
          reason: `the letter cannot go (${cancelled.reason}): an agent researches the address`,
          agentsFrom: cancelled.cancelledAt,
        };
      return {
        kind: 'resend_by_letter',
        reason: `the ${cancelled.channel.replace('_', ' ')} cannot go (${cancelled.reason}): the step goes out once more, by letter`,
        resendOn: 'letter',
      };
    case 'legally_refused':
      return {
        kind: 'legally_refused',
        reason: `communications may not send it${cancelled.rule ? ` (${cancelled.rule})` : ''}: ${cancelled.reason} — an agent reviews the case`,
        review: true,
      };
    default:
      return null;
  }
}

/** A dispute resolved: a journey that waited for it goes on now (the rest of its gate decides, with the claims it may collect again). */
export function reactionToDisputeResolved(outcome: string): ReactionEffect {
  return { kind: 'dispute_resolved', reason: `a dispute was resolved (${outcome})`, wake: true };
}

/** A hold released before its end: a journey paused by it goes on now. */
export function reactionToRelease(): ReactionEffect {
  return { kind: 'hold_released', reason: 'the hold was released', wake: true };
}
