/**
 * The delivery status of one communication on one channel, with its history (issue 5, part 6:
 * evidence). A pure state machine: values in, a new value out.
 *
 *   requested --> sent --> delivered --> bounced        (a mailbox can bounce after the relay
 *       |  ^        |                                     reported delivery: e-mail only in practice)
 *       |  |        +--> failed | bounced
 *       v  |
 *   scheduled          (refused by the contact rules, or waiting for a retry: goes on its own at `notBefore`)
 *       |
 *       +--> failed    (given up while waiting: e.g. opt-out arrived)
 *   requested --> failed | bounced  (refused at send time: a 5xx SMTP reply on RCPT is a bounce)
 *   requested | scheduled --> cancelled  (never sent: the case closed, its claims were recalled)
 *
 * Terminal: `failed`, `bounced` and `cancelled`; nothing leaves them. `delivered` is final except for a
 * later bounce. Our own use cases move the machine with `transition`, which refuses anything
 * not in the table. Provider receipts come with `applyReceipt`, which is lenient because
 * providers deliver receipts late, twice and out of order: a receipt that does not move the
 * status forward (a `sent` after `delivered`, a duplicate) is kept in the history, marked
 * ignored, and changes nothing.
 */

export const DELIVERY_STATUSES = ['requested', 'scheduled', 'sent', 'delivered', 'failed', 'bounced', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const TERMINAL_STATUSES: readonly DeliveryStatus[] = ['failed', 'bounced', 'cancelled'];

const ALLOWED: Record<DeliveryStatus, readonly DeliveryStatus[]> = {
  requested: ['scheduled', 'sent', 'failed', 'bounced', 'cancelled'],
  scheduled: ['requested', 'scheduled', 'failed', 'cancelled'],
  sent: ['delivered', 'failed', 'bounced'],
  delivered: ['bounced'],
  failed: [],
  bounced: [],
  cancelled: [],
};

export interface DeliveryHistoryEntry {
  status: DeliveryStatus;
  at: Date;
  detail: string;
  /** Set on a receipt that arrived but did not change the status (late, duplicate, contradicting). */
  ignored?: true;
  /** For `scheduled`: when it goes on its own. */
  notBefore?: Date;
  /** For `scheduled` without a moment: the event it waits for (dispute_resolved, opt_in, …). */
  waitsFor?: string;
  /** The rule behind a refusal (legal engine rule id or AMICUS-…). */
  rule?: string;
}

export interface DeliveryState {
  status: DeliveryStatus;
  history: DeliveryHistoryEntry[];
}

export class IllegalDeliveryTransition extends Error {
  readonly code = 'conflict';
  constructor(
    readonly from: DeliveryStatus,
    readonly to: DeliveryStatus,
  ) {
    super(`delivery status cannot go from ${from} to ${to}`);
    this.name = 'IllegalDeliveryTransition';
  }
}

export function requested(at: Date, detail = 'communication requested'): DeliveryState {
  return { status: 'requested', history: [{ status: 'requested', at, detail }] };
}

export function canTransition(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function isTerminal(status: DeliveryStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Moves the status as our own use case decides; an illegal move is an error, not a no-op. */
export function transition(
  state: DeliveryState,
  to: DeliveryStatus,
  at: Date,
  detail: string,
  notBefore?: Date,
): { ok: true; state: DeliveryState } | { ok: false; error: IllegalDeliveryTransition } {
  if (!canTransition(state.status, to)) return { ok: false, error: new IllegalDeliveryTransition(state.status, to) };
  if (to === 'scheduled' && !notBefore) {
    // A refusal that waits for an event goes through recordRefusal, which names the event.
    throw new Error('a scheduled communication needs the moment it may go (notBefore)');
  }
  const entry: DeliveryHistoryEntry = notBefore ? { status: to, at, detail, notBefore } : { status: to, at, detail };
  return { ok: true, state: { status: to, history: [...state.history, entry] } };
}

/** The statuses a provider receipt can report. */
export type ReceiptStatus = 'sent' | 'delivered' | 'failed' | 'bounced';

/**
 * Applies a provider's receipt. A receipt that is a legal step forward is applied (a
 * `delivered` may skip `sent`: it implies it); anything else is recorded as ignored.
 */
export function applyReceipt(state: DeliveryState, status: ReceiptStatus, at: Date, detail: string): DeliveryState {
  const from = state.status;
  // A receipt can only be about a message that left; while still requested/scheduled, a
  // `delivered` means we missed the `sent` (e.g. we crashed after the provider accepted).
  const forward = canTransition(from, status) || (from === 'requested' && status === 'delivered');
  if (!forward || from === 'scheduled') {
    const why = from === status ? 'duplicate receipt' : `late or contradicting receipt while ${from}`;
    return { status: from, history: [...state.history, { status, at, detail: `${detail} (ignored: ${why})`, ignored: true }] };
  }
  return { status, history: [...state.history, { status, at, detail }] };
}

/** When a scheduled communication may go, if it is scheduled. */
export function scheduledFor(state: DeliveryState): Date | undefined {
  if (state.status !== 'scheduled') return undefined;
  return state.history[state.history.length - 1].notBefore;
}

/** The parts of a contact-rules refusal the history keeps (see ../contact-rules). */
export interface RefusalRecord {
  code: string;
  reason: string;
  rule?: string;
  notBefore?: Date;
  waitsFor: string;
}

type Recorded = { ok: true; state: DeliveryState } | { ok: false; error: IllegalDeliveryTransition };

/**
 * Records a refused send: the communication becomes `scheduled`, with the moment it may go (it
 * then goes on its own) or the event it waits for.
 */
export function recordRefusal(state: DeliveryState, refusal: RefusalRecord, at: Date): Recorded {
  return afterRefusal(state, 'scheduled', at, {
    detail: `refused (${refusal.code}): ${refusal.reason}`,
    waitsFor: refusal.notBefore ? 'time' : refusal.waitsFor,
    ...(refusal.notBefore && { notBefore: refusal.notBefore }),
    ...(refusal.rule && { rule: refusal.rule }),
  });
}

/** Records a refusal for good (see ../contact-rules `cancels`): the communication is cancelled, never sent. */
export function recordCancellation(state: DeliveryState, refusal: RefusalRecord, at: Date): Recorded {
  return afterRefusal(state, 'cancelled', at, {
    detail: `cancelled (${refusal.code}): ${refusal.reason}`,
    ...(refusal.rule && { rule: refusal.rule }),
  });
}

function afterRefusal(
  state: DeliveryState,
  to: 'scheduled' | 'cancelled',
  at: Date,
  entry: Omit<DeliveryHistoryEntry, 'status' | 'at'>,
): Recorded {
  if (!canTransition(state.status, to)) return { ok: false, error: new IllegalDeliveryTransition(state.status, to) };
  return { ok: true, state: { status: to, history: [...state.history, { status: to, at, ...entry }] } };
}

/** What a channel adapter answered, as far as the status cares. */
export type SendAttemptOutcome =
  { ok: true; providerMessageId: string; acceptedAt: Date } | { ok: false; retryable: boolean; bounced: boolean; message: string };

/** What the retry policy decided after a failure (see retry-policy.ts). */
export type AfterFailure =
  | { action: 'retry'; at: Date; reason: string }
  | { action: 'fallback'; channel: string; reason: string }
  | { action: 'give_up'; reason: string };

/**
 * Records one send attempt on the requested communication. Accepted -> `sent`. A failure the
 * policy retries -> `scheduled` at the retry moment. Otherwise this communication ends
 * `bounced` (the address itself was refused) or `failed`; a fallback continues as a new
 * communication on the next channel, named in the detail.
 */
export function recordSendAttempt(
  state: DeliveryState,
  outcome: SendAttemptOutcome,
  at: Date,
  afterFailure?: AfterFailure,
): { ok: true; state: DeliveryState } | { ok: false; error: IllegalDeliveryTransition } {
  if (outcome.ok) return transition(state, 'sent', outcome.acceptedAt, `accepted by the provider as ${outcome.providerMessageId}`);
  if (afterFailure?.action === 'retry') {
    return transition(state, 'scheduled', at, `attempt failed: ${outcome.message}; ${afterFailure.reason}`, afterFailure.at);
  }
  const next =
    afterFailure?.action === 'fallback' ? `; continues on ${afterFailure.channel}` : afterFailure ? `; ${afterFailure.reason}` : '';
  return transition(state, outcome.bounced ? 'bounced' : 'failed', at, `${outcome.message}${next}`);
}
