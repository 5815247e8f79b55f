/**
 * The communications table and its evidence, read as typed values: each query names its columns
 * as the fields of `Communication` or `CommunicationEvidence`, so a row is mapped in one place.
 * The statements several use cases share (a new request, the evidence of a send) are here too.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Channel } from '../channels/channel';
import type { ContactHistoryEntry, SendRefused } from '../contact-rules/contact-rules';
import { recordCancellation, requested, type DeliveryState, type DeliveryStatus } from '../delivery/delivery-status';
import {
  deliveryState,
  storedHistory,
  storedRefusal,
  type Communication,
  type CommunicationRequest,
  type StoredHistoryEntry,
} from './communication';

const COMMUNICATION_COLUMNS = `id, request_id AS "requestId", case_id AS "caseId", client_id AS "clientId", brand_id AS "brandId", kind,
  requested_channel AS "requestedChannel", channel, language, status, history, recipient, template_version_id AS "templateVersionId",
  template_source AS "templateSource", legal_decision AS "legalDecision", refusal, not_before AS "notBefore", attempts,
  attempts_on_channel AS "attemptsOnChannel", tried_channels AS "triedChannels", fallback_allowed AS "fallbackAllowed", fallback_of AS "fallbackOf",
  provider_message_id AS "providerMessageId", print_batch_id AS "printBatchId", amounts, details, requested_by AS "requestedBy", created_at AS "createdAt", sent_at AS "sentAt"`;

/** A row as Postgres returns it: a communication with its delivery state in two columns. */
type CommunicationRow = Omit<Communication, 'state'> & { status: DeliveryStatus; history: StoredHistoryEntry[] };

const communicationOf = ({ status, history, ...row }: CommunicationRow): Communication => ({
  ...row,
  state: deliveryState(status, history),
});

async function communicationsWhere(m: EntityManager, where: string, params: unknown[]): Promise<Communication[]> {
  const rows: CommunicationRow[] = await m.query(
    `SELECT ${COMMUNICATION_COLUMNS} FROM communications.communications WHERE ${where}`,
    params,
  );
  return rows.map(communicationOf);
}

/** Due at `$2`: requested, scheduled until then, or a retry; not a letter waiting in a print batch. */
const DUE = `status IN ('requested', 'scheduled') AND not_before <= $2 AND print_batch_id IS NULL AND sending_since IS NULL`;

export async function dueCommunicationIds(m: EntityManager, now: Date, limit: number): Promise<string[]> {
  const rows: { id: string }[] = await m.query(
    `SELECT id FROM communications.communications WHERE ${DUE.replace('$2', '$1')} ORDER BY not_before LIMIT ${Number(limit)}`,
    [now],
  );
  return rows.map((r) => r.id);
}

/**
 * The communication if it is due, locked until the transaction ends. One that another transaction
 * holds is skipped, or with `wait` taken once that one ends, if it is still due then.
 */
export async function lockDueCommunication(m: EntityManager, id: string, now: Date, wait = false): Promise<Communication | undefined> {
  return (await communicationsWhere(m, `id = $1 AND ${DUE} FOR UPDATE${wait ? '' : ' SKIP LOCKED'}`, [id, now]))[0];
}

export async function lockCommunication(m: EntityManager, id: string): Promise<Communication | undefined> {
  return (await communicationsWhere(m, `id = $1 FOR UPDATE`, [id]))[0];
}

export async function communicationById(m: EntityManager, id: string): Promise<Communication | undefined> {
  return (await communicationsWhere(m, `id = $1`, [id]))[0];
}

export function communicationsOfCase(m: EntityManager, caseId: string): Promise<Communication[]> {
  return communicationsWhere(m, `case_id = $1 ORDER BY created_at, id`, [caseId]);
}

/**
 * The case's communications not sent yet (requested, scheduled, waiting, or a letter in a print
 * batch), locked until the transaction ends: one being sent meanwhile is taken once it is, if it
 * has not left.
 */
export function lockQueuedOfCase(m: EntityManager, caseId: string): Promise<Communication[]> {
  // One being sent has left (or may have): it is not cancelled under the provider's hands.
  return communicationsWhere(
    m,
    `case_id = $1 AND status IN ('requested', 'scheduled') AND sending_since IS NULL ORDER BY created_at, id FOR UPDATE`,
    [caseId],
  );
}

/**
 * Sending (issue 18 §4): committed before the provider is called, with the attempt's key; the
 * outcome's transaction clears it (sending.service.ts recordAttempt). Not due meanwhile.
 */
export async function markSending(m: EntityManager, id: string, key: string, now: Date): Promise<void> {
  await m.query(`UPDATE communications.communications SET sending_since = $2, sending_key = $3, updated_at = $2 WHERE id = $1`, [
    id,
    now,
    key,
  ]);
}

export async function sendingKeyOf(m: EntityManager, id: string): Promise<string | null> {
  const rows: { key: string | null }[] = await m.query(`SELECT sending_key AS key FROM communications.communications WHERE id = $1`, [id]);
  return rows[0]?.key ?? null;
}

/** Whether the communication is still sending with this key (not resolved as stuck meanwhile). */
export async function stillSending(m: EntityManager, id: string, key: string): Promise<boolean> {
  return (await sendingKeyOf(m, id)) === key;
}

/** Communications sending since before `before`: their outcome was never recorded. */
export async function stuckSending(m: EntityManager, before: Date): Promise<string[]> {
  const rows: { id: string }[] = await m.query(
    `SELECT id FROM communications.communications WHERE sending_since IS NOT NULL AND sending_since < $1 ORDER BY sending_since LIMIT 100`,
    [before],
  );
  return rows.map((r) => r.id);
}

/** Due again now, to be sent once more with the same idempotency key. */
export async function sendAgain(m: EntityManager, id: string, now: Date): Promise<void> {
  await m.query(
    `UPDATE communications.communications SET sending_since = NULL, sending_key = NULL, not_before = $2, updated_at = $2 WHERE id = $1`,
    [id, now],
  );
}

/** Cancels a communication not sent yet with the refusal for good that ends it (see contact-rules `cancels`). */
export async function cancelCommunication(m: EntityManager, c: Communication, refusal: SendRefused, now: Date): Promise<void> {
  const cancelled = recordCancellation(c.state, refusal, now);
  if (!cancelled.ok) throw cancelled.error;
  await m.query(
    `UPDATE communications.communications
        SET status = 'cancelled', refusal = $2::jsonb, history = $3::jsonb, not_before = NULL, print_batch_id = NULL, provider_message_id = NULL, updated_at = $4
      WHERE id = $1`,
    [c.id, JSON.stringify(storedRefusal(refusal)), JSON.stringify(storedHistory(cancelled.state)), now],
  );
}

/** Due now, to be decided again by the scheduler (out of its print batch, if it was in one). */
export async function makeDueAgain(m: EntityManager, id: string, state: DeliveryState, now: Date): Promise<void> {
  await m.query(
    `UPDATE communications.communications SET not_before = $2, history = $3::jsonb, print_batch_id = NULL, provider_message_id = NULL, updated_at = $2
      WHERE id = $1`,
    [id, now, JSON.stringify(storedHistory(state))],
  );
}

/**
 * Records a request (once per request id) as a communication due now; answers its id. A fallback
 * names the communication it continues and the channels already tried.
 */
export async function insertCommunication(
  m: EntityManager,
  r: CommunicationRequest,
  owner: { clientId: string; brandId: string | null },
  now: Date,
  fallback?: { of: string; triedChannels: Channel[] },
): Promise<string> {
  const id = crypto.randomUUID();
  const state = requested(now, `${r.kind} requested by ${r.requestedBy} on ${r.channel}${fallback ? ` (fallback of ${fallback.of})` : ''}`);
  const inserted: { id: string }[] = await m.query(
    `INSERT INTO communications.communications
       (id, request_id, case_id, client_id, brand_id, kind, requested_channel, status, not_before, fallback_allowed, fallback_of, tried_channels, amounts, requested_by, history, created_at, updated_at, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'requested', $8, $9, $10, $11, $12::jsonb, $13, $14::jsonb, $8, $8, $15::jsonb)
     ON CONFLICT (request_id) DO NOTHING RETURNING id`,
    [
      id,
      r.requestId,
      r.caseId,
      owner.clientId,
      owner.brandId,
      r.kind,
      r.channel,
      now,
      // A request for the debtor's preferred channel may go on another; one that names its
      // channel (the scenario step chose it) stays on it.
      r.channel === 'preferred' || Boolean(fallback),
      fallback?.of ?? null,
      fallback?.triedChannels ?? [],
      r.amounts ? JSON.stringify(r.amounts) : null,
      r.requestedBy,
      JSON.stringify(storedHistory(state)),
      r.details ? JSON.stringify(r.details) : null,
    ],
  );
  return inserted[0]?.id ?? id;
}

/** Exactly what left, kept for a court file (append-only: the table refuses updates). */
export interface CommunicationEvidence {
  communicationId: string;
  channel: Channel;
  recipient: string;
  sentAt: Date;
  templateVersionId: string | null;
  templateSource: string;
  legalDecision: unknown;
  /** The data the template was rendered with, as JSON. */
  context: unknown;
  subject: string | null;
  html: string | null;
  text: string | null;
  sms: string | null;
  pdf: Buffer | null;
  /** The exact bytes that left and their media type. */
  sentMediaType: string;
  sentBytes: Buffer;
}

/** Keeps what was sent; returns the SHA-256 (hex) of the bytes that left. */
export async function keepEvidence(m: EntityManager, e: CommunicationEvidence): Promise<string> {
  const sha256 = createHash('sha256').update(e.sentBytes).digest('hex');
  await m.query(
    `INSERT INTO communications.communication_evidence
       (id, communication_id, channel, recipient, sent_at, template_version_id, template_source, legal_decision, context, subject, html, text_body, sms_text, pdf, sent_media_type, sent_bytes, sha256)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      crypto.randomUUID(),
      e.communicationId,
      e.channel,
      e.recipient,
      e.sentAt,
      e.templateVersionId,
      e.templateSource,
      JSON.stringify(e.legalDecision),
      JSON.stringify(e.context),
      e.subject,
      e.html,
      e.text,
      e.sms,
      e.pdf,
      e.sentMediaType,
      e.sentBytes,
      sha256,
    ],
  );
  return sha256;
}

export async function evidenceOf(m: EntityManager, communicationId: string): Promise<(CommunicationEvidence & { sha256: string }) | null> {
  const rows: (CommunicationEvidence & { sha256: string })[] = await m.query(
    `SELECT communication_id AS "communicationId", channel, recipient, sent_at AS "sentAt", template_version_id AS "templateVersionId",
            template_source AS "templateSource", legal_decision AS "legalDecision", context, subject, html, text_body AS text, sms_text AS sms, pdf,
            sent_media_type AS "sentMediaType", sent_bytes AS "sentBytes", sha256
       FROM communications.communication_evidence WHERE communication_id = $1`,
    [communicationId],
  );
  return rows[0] ?? null;
}

/** Communications sent and calls made or taken with this debtor since `since`, oldest first: what the frequency limits count. */
export async function contactHistoryOf(m: EntityManager, debtorId: string, since: Date): Promise<ContactHistoryEntry[]> {
  const rows: ContactHistoryEntry[] = await m.query(
    `SELECT c.channel, c.sent_at AS at, 'outbound' AS direction FROM communications.communications c
       JOIN communications.case_contacts cc ON cc.case_id = c.case_id
      WHERE cc.debtor_id = $1 AND c.sent_at IS NOT NULL AND c.sent_at >= $2
     UNION ALL
     SELECT 'phone', started_at, direction FROM communications.calls WHERE debtor_id = $1 AND started_at >= $2
     ORDER BY at`,
    [debtorId, since],
  );
  return rows;
}
