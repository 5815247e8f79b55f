import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  CommunicationDelivered,
  CommunicationFailed,
  CommunicationRequestedV1,
  DebtorUpdatedV1,
  CommunicationSent,
  createEvent,
  type CommunicationChannel,
  type CommunicationKind,
  type EventEnvelope,
} from '@amicus/events';
import { DomainError } from '@amicus/errors';
import { Messaging } from '@amicus/service-runtime';
import { BrandLookEntity } from '../brand-looks/brand-look.entity';
import { CaseContactEntity } from '../case-contacts/case-contact.entity';
import { debtorContacts, preferredChannelOf, recipientText } from '../case-contacts/case-contact';
import { Channel, ChannelError, OutboundMessage, SendOutcome, isChannelError } from '../channels/channel';
import { DeliveryReceipt, receiptDeliveryStatus } from '../channels/http-sms.adapter';
import type { StatementAmounts } from '../communication-context/communication-context';
import { contextAsJson } from '../communication-context/communication-context';
import { CommunicationContextService } from '../communication-context/communication-context.service';
import { COMMUNICATIONS_CONFIG, type CommunicationsConfig } from '../config';
import { DEFAULT_CHANNEL_ORDER } from '../case-contacts/case-contact';
import { decideSend, type Language, type SendAllowed, type WaitsFor } from '../contact-rules/contact-rules';
import { applyReceipt, recordRefusal, recordSendAttempt, requested, transition, type DeliveryState, type DeliveryStatus } from '../delivery/delivery-status';
import { decideAfterFailure, validateRetryPolicy, type RetryPolicy } from '../delivery/retry-policy';
import { composeEmail } from '../rendering/email';
import { composeLetter } from '../rendering/letter';
import { composeSms } from '../rendering/sms';
import { localeFor } from '../templates/template-rendering';
import type { EmailTemplateParts, LetterTemplateParts, SmsTemplateParts, TemplateKind } from '../templates/template-kinds';
import { TemplatesService } from '../templates/templates.service';
import { ChannelAdapters } from './channel-adapters';
import { Clock } from './clock';
import { contactHistoryEntry, deliveryState, legalContactCheck, storedHistory, templateChannelOf, type StoredHistoryEntry } from './communication';

export interface CommunicationRow {
  id: string;
  request_id: string | null;
  case_id: string;
  client_id: string;
  brand_id: string | null;
  kind: TemplateKind;
  requested_channel: Channel | 'preferred';
  channel: Channel | null;
  language: string | null;
  status: DeliveryStatus;
  recipient: string | null;
  template_version_id: string | null;
  template_source: string | null;
  legal_decision: unknown;
  refusal: { code: string; reason: string; rule?: string; notBefore?: string; waitsFor: string } | null;
  not_before: Date | null;
  attempts: number;
  attempts_on_channel: number;
  tried_channels: Channel[];
  fallback_allowed: boolean;
  fallback_of: string | null;
  provider_message_id: string | null;
  print_batch_id: string | null;
  amounts: StatementAmounts | null;
  requested_by: string;
  history: StoredHistoryEntry[];
  created_at: Date;
  sent_at: Date | null;
}

export interface EvidenceRow {
  communication_id: string;
  channel: Channel;
  recipient: string;
  sent_at: Date;
  template_version_id: string | null;
  template_source: string;
  legal_decision: unknown;
  context: unknown;
  subject: string | null;
  html: string | null;
  text_body: string | null;
  sms_text: string | null;
  pdf: Buffer | null;
  sent_media_type: string;
  sent_bytes: Buffer;
  sha256: string;
}

export interface CommunicationRequest {
  requestId: string | null;
  caseId: string;
  kind: TemplateKind;
  channel: Channel | 'preferred';
  requestedBy: string;
  amounts: StatementAmounts | null;
  correlationId?: string;
}

/** What was rendered for one send, kept as evidence once it left. */
interface Rendered {
  message: OutboundMessage;
  subject: string | null;
  html: string | null;
  text: string | null;
  sms: string | null;
  pdf: Buffer | null;
  context: unknown;
  templateVersionId: string | null;
  templateSource: string;
}

/** A letter in the open print batch: it is sent when the batch is handed over. */
interface QueuedLetter {
  rendered: Rendered;
  outcome: Extract<SendOutcome, { ok: true }>;
  legal: unknown;
  recipient: string;
}

const DUE = `status IN ('requested', 'scheduled') AND not_before <= $2 AND print_batch_id IS NULL`;

/**
 * The sending pipeline (issue 5, parts 3, 4 and 6): a request becomes a communication; when it
 * is due it is decided by the contact rules (refused: scheduled with its reason and the moment
 * it may go), rendered with the active template, sent through its channel's adapter, and its
 * status, evidence and events are written in one transaction. A failed channel is retried with
 * backoff, then falls back to the debtor's next channel where the request allows.
 */
@Injectable()
export class CommunicationsService {
  private readonly log = new Logger('communications');
  private readonly retryPolicy: RetryPolicy;
  private readonly queuedLetters = new Map<string, QueuedLetter>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly messaging: Messaging,
    private readonly templates: TemplatesService,
    private readonly contexts: CommunicationContextService,
    private readonly adapters: ChannelAdapters,
    private readonly clock: Clock,
    @Inject(COMMUNICATIONS_CONFIG) config: CommunicationsConfig,
  ) {
    this.retryPolicy = {
      baseDelayMs: config.RETRY_BASE_DELAY_MS,
      factor: 4,
      maxDelayMs: Math.max(config.RETRY_MAX_DELAY_MS, config.RETRY_BASE_DELAY_MS),
      jitter: 0.25,
      maxAttemptsPerChannel: config.RETRY_MAX_ATTEMPTS,
    };
    validateRetryPolicy(this.retryPolicy);
  }

  // --- requests -------------------------------------------------------------------------------

  /** CommunicationRequested from cases: recorded once (by request id); the scheduler sends it. */
  async requested(e: EventEnvelope<CommunicationRequestedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    const known = await m.findOneBy(CaseContactEntity, { caseId: p.caseId });
    if (!known) {
      // Cases announces a case before asking to write about it (same key, same partition):
      // an unknown case belongs to another installation on this broker.
      this.log.warn(`CommunicationRequested ${p.requestId} for unknown case ${p.caseId}: ignored`);
      return;
    }
    await this.insertRequest(m, {
      requestId: p.requestId,
      caseId: p.caseId,
      kind: p.kind,
      channel: p.channel,
      requestedBy: p.requestedBy,
      amounts: p.amounts,
      correlationId: e.correlationId,
    });
  }

  /** An agent's "send now": recorded, then decided and sent at once; answers the outcome. */
  async sendNow(request: CommunicationRequest): Promise<CommunicationRow> {
    const id = await this.db.transaction((m) => this.insertRequest(m, request));
    await this.process(id);
    return this.get(id);
  }

  private async insertRequest(m: EntityManager, r: CommunicationRequest, extra: { fallbackOf?: string; triedChannels?: Channel[] } = {}): Promise<string> {
    const contact = await m.findOneBy(CaseContactEntity, { caseId: r.caseId });
    if (!contact) throw new DomainError('not_found', `no case ${r.caseId} known to communications`, [{ field: 'caseId', reason: 'no such case' }]);
    const id = crypto.randomUUID();
    const now = this.clock.now();
    const state = requested(now, `${r.kind} requested by ${r.requestedBy} on ${r.channel}${extra.fallbackOf ? ` (fallback of ${extra.fallbackOf})` : ''}`);
    const inserted = (await m.query(
      `INSERT INTO communications.communications
         (id, request_id, case_id, client_id, brand_id, kind, requested_channel, status, not_before, fallback_allowed, fallback_of, tried_channels, amounts, requested_by, history, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'requested', $8, $9, $10, $11, $12::jsonb, $13, $14::jsonb, $8, $8)
       ON CONFLICT (request_id) DO NOTHING RETURNING id`,
      [
        id,
        r.requestId,
        r.caseId,
        contact.clientId,
        contact.brandId,
        r.kind,
        r.channel,
        now,
        // A request for the debtor's preferred channel may go on another; one that names its
        // channel (the scenario step chose it) stays on it.
        r.channel === 'preferred' || Boolean(extra.fallbackOf),
        extra.fallbackOf ?? null,
        extra.triedChannels ?? [],
        r.amounts ? JSON.stringify(r.amounts) : null,
        r.requestedBy,
        JSON.stringify(storedHistory(state)),
      ],
    )) as { id: string }[];
    return inserted[0]?.id ?? id;
  }

  /**
   * The debtor's communications refused until an event (an opt-in, new contact details) become
   * due now, in the transaction that records that event: the scheduler decides them again (a
   * refusal that still holds schedules them again, waiting as before). Answers their ids.
   */
  async wakeWaiting(m: EntityManager, debtor: { debtorId: string; caseIds?: string[] }, waitsFor: readonly WaitsFor[]): Promise<string[]> {
    const [rows] = (await m.query(
      `UPDATE communications.communications SET not_before = $4, updated_at = $4
        WHERE status = 'scheduled' AND not_before IS NULL AND refusal->>'waitsFor' = ANY($3::text[])
          AND case_id IN (SELECT case_id FROM communications.case_contacts WHERE debtor_id = $1 OR case_id = ANY($2::uuid[]))
        RETURNING id`,
      [debtor.debtorId, debtor.caseIds ?? [], [...waitsFor], this.clock.now()],
    )) as [{ id: string }[], number];
    return rows.map((r) => r.id);
  }

  /** New contact details for a debtor: what waited for them is decided again (by the scheduler, after this commits). */
  async debtorUpdated(e: EventEnvelope<DebtorUpdatedV1>, m: EntityManager): Promise<void> {
    await this.wakeWaiting(m, { debtorId: e.payload.debtorId, caseIds: e.payload.caseIds }, ['contact_details']);
  }

  // --- the scheduler's work -------------------------------------------------------------------

  /** Communications due now (requested, scheduled until now, retries), oldest first. */
  async dueIds(limit = 20): Promise<string[]> {
    const rows = (await this.db.query(`SELECT id FROM communications.communications WHERE ${DUE.replace('$2', '$1')} ORDER BY not_before LIMIT ${Number(limit)}`, [
      this.clock.now(),
    ])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * Decides and sends one due communication. The row stays locked (FOR UPDATE SKIP LOCKED) until
   * the outcome is committed, so two instances never send it twice.
   */
  async process(id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const now = this.clock.now();
      const [row] = (await m.query(`SELECT * FROM communications.communications WHERE id = $1 AND ${DUE} FOR UPDATE SKIP LOCKED`, [id, now])) as CommunicationRow[];
      if (!row) return;
      await this.decideAndSend(m, row, now);
    });
  }

  private async decideAndSend(m: EntityManager, row: CommunicationRow, now: Date): Promise<void> {
    let state = deliveryState(row.status, row.history);
    const contact = await m.findOneBy(CaseContactEntity, { caseId: row.case_id });
    const look = contact?.brandId ? await m.findOneBy(BrandLookEntity, { brandId: contact.brandId }) : null;
    if (!contact || !look) {
      return this.fail(m, row, state, now, contact ? 'the case brand has no look yet' : 'the case is unknown to communications', false);
    }
    const optOutRows = (await m.query(`SELECT channel, reason FROM communications.opt_outs WHERE debtor_id = $1`, [contact.debtorId])) as { channel: Channel; reason: string | null }[];
    const optOuts = optOutRows.map((o) => o.channel);
    const optOutReasons = Object.fromEntries(optOutRows.filter((o) => o.reason).map((o) => [o.channel, o.reason as string]));
    const history = await this.contactHistory(m, contact.debtorId, now);
    const preferred = preferredChannelOf(contact);
    const decision = decideSend({
      debtor: {
        preferredChannel: preferred,
        channelsOrder: DEFAULT_CHANNEL_ORDER,
        language: contact.language,
        optOuts,
        optOutReasons,
        contacts: debtorContacts(contact),
        country: contact.country,
        timeZone: contact.timeZone,
      },
      case: { disputeOpen: contact.disputeOpen, paymentPlanKept: contact.paymentPlanKept, holdUntil: contact.holdUntil ?? undefined },
      brand: { languages: look.languages as Language[] },
      channel: row.requested_channel,
      kind: row.kind,
      now,
      history,
      legalCheck: legalContactCheck(contact.debtorKind),
    });

    if (!decision.allowed) {
      const refused = recordRefusal(state, { code: decision.code, reason: decision.reason, rule: decision.rule, notBefore: decision.notBefore, waitsFor: decision.waitsFor }, now);
      if (!refused.ok) throw refused.error;
      await m.query(
        `UPDATE communications.communications
            SET status = 'scheduled', not_before = $2, refusal = $3::jsonb, legal_decision = $4::jsonb, channel = COALESCE($5, channel), history = $6::jsonb, updated_at = $7
          WHERE id = $1`,
        [
          row.id,
          decision.notBefore ?? null,
          JSON.stringify({ code: decision.code, reason: decision.reason, rule: decision.rule, source: decision.source, notBefore: decision.notBefore?.toISOString(), waitsFor: decision.waitsFor }),
          decision.legal ? JSON.stringify(decision.legal) : null,
          decision.channel ?? null,
          JSON.stringify(storedHistory(refused.state)),
          now,
        ],
      );
      return;
    }

    if (state.status === 'scheduled') {
      const resumed = transition(state, 'requested', now, 'decided again: allowed now');
      if (!resumed.ok) throw resumed.error;
      state = resumed.state;
    }
    let rendered: Rendered;
    try {
      rendered = await this.render(m, row, decision, contact, look, now);
    } catch (error) {
      return this.fail(m, { ...row, channel: decision.channel }, state, now, `could not render: ${(error as Error).message}`, false);
    }
    const outcome = await this.adapters.for(decision.channel).send(rendered.message);
    const recipient = recipientText(decision.recipient);
    const tried = [...new Set([...row.tried_channels, decision.channel])];
    const attemptsOnChannel = row.channel === decision.channel ? row.attempts_on_channel + 1 : 1;
    const common = [row.id, decision.channel, decision.language, recipient, rendered.templateVersionId, rendered.templateSource, JSON.stringify(decision.legal), now];
    const setCommon = `channel = $2, language = $3, recipient = $4, template_version_id = $5, template_source = $6, legal_decision = $7::jsonb, updated_at = $8,
      refusal = NULL, attempts = attempts + 1`;

    if (!isChannelError(outcome)) {
      if (decision.channel === 'letter') {
        // In the print batch: it leaves (and is recorded as sent, with its evidence) when the batch is handed over.
        this.queuedLetters.set(row.id, { rendered, outcome, legal: decision.legal, recipient });
        state = { ...state, history: [...state.history, { status: 'requested', at: now, detail: `in print batch ${outcome.providerMessageId}` }] };
        await m.query(
          `UPDATE communications.communications SET ${setCommon}, status = 'requested', provider_message_id = $9, print_batch_id = $10, history = $11::jsonb,
             attempts_on_channel = $12, tried_channels = $13 WHERE id = $1`,
          [...common, outcome.providerMessageId, outcome.providerMessageId.split('/')[0], JSON.stringify(storedHistory(state)), attemptsOnChannel, tried],
        );
        return;
      }
      const sent = recordSendAttempt(state, outcome, now);
      if (!sent.ok) throw sent.error;
      await m.query(
        `UPDATE communications.communications SET ${setCommon}, status = 'sent', sent_at = $9, provider_message_id = $10, history = $11::jsonb,
           attempts_on_channel = $12, tried_channels = $13, not_before = NULL WHERE id = $1`,
        [...common, outcome.acceptedAt, outcome.providerMessageId, JSON.stringify(storedHistory(sent.state)), attemptsOnChannel, tried],
      );
      await this.keepEvidence(m, row.id, decision.channel, recipient, outcome.acceptedAt, rendered, decision.legal, outcome);
      await this.publishSent(m, row, decision.channel, decision.language, recipient, rendered.templateVersionId, outcome.acceptedAt, outcome.providerMessageId);
      return;
    }

    const after = decideAfterFailure(
      {
        channel: decision.channel,
        attemptsOnChannel,
        error: outcome,
        triedChannels: tried,
        channelsOrder: [...new Set<Channel>([preferred, ...DEFAULT_CHANNEL_ORDER])],
        fallbackAllowed: row.fallback_allowed,
        now,
      },
      this.retryPolicy,
      Math.random,
    );
    const failed = recordSendAttempt(state, { ok: false, retryable: outcome.retryable, bounced: outcome.bounced, message: outcome.message }, now, after);
    if (!failed.ok) throw failed.error;
    await m.query(
      `UPDATE communications.communications SET ${setCommon}, status = $9, not_before = $10, history = $11::jsonb, attempts_on_channel = $12, tried_channels = $13 WHERE id = $1`,
      [...common, failed.state.status, after.action === 'retry' ? after.at : null, JSON.stringify(storedHistory(failed.state)), attemptsOnChannel, tried],
    );
    if (after.action === 'retry') return;
    const fallback = after.action === 'fallback' ? after.channel : null;
    if (fallback) {
      await this.insertRequest(
        m,
        { requestId: null, caseId: row.case_id, kind: row.kind, channel: fallback, requestedBy: row.requested_by, amounts: row.amounts },
        { fallbackOf: row.id, triedChannels: tried },
      );
    }
    await this.publishFailed(m, row, decision.channel, outcome, now, fallback);
  }

  private async fail(m: EntityManager, row: CommunicationRow, state: DeliveryState, now: Date, reason: string, bounced: boolean): Promise<void> {
    const failed = transition(state, bounced ? 'bounced' : 'failed', now, reason);
    if (!failed.ok) throw failed.error;
    await m.query(`UPDATE communications.communications SET status = $2, history = $3::jsonb, not_before = NULL, updated_at = $4 WHERE id = $1`, [
      row.id,
      failed.state.status,
      JSON.stringify(storedHistory(failed.state)),
      now,
    ]);
    const channel = row.channel ?? (row.requested_channel === 'preferred' ? null : row.requested_channel);
    if (channel) await this.publishFailed(m, row, channel, new ChannelError(channel, 'rejected', false, reason), now, null);
  }

  /** Communications sent and calls made to this debtor in the last week: the frequency limits count them. */
  private async contactHistory(m: EntityManager, debtorId: string, now: Date) {
    const since = new Date(now.getTime() - 8 * 24 * 3600_000);
    const rows = (await m.query(
      `SELECT c.channel, c.sent_at AS at, 'outbound' AS direction, c.kind FROM communications.communications c
         JOIN communications.case_contacts cc ON cc.case_id = c.case_id
        WHERE cc.debtor_id = $1 AND c.sent_at IS NOT NULL AND c.sent_at >= $2
       UNION ALL
       SELECT 'phone', started_at, direction, 'call' FROM communications.calls WHERE debtor_id = $1 AND started_at >= $2
       ORDER BY at`,
      [debtorId, since],
    )) as { channel: string; at: Date; direction: string; kind: string }[];
    return rows.map(contactHistoryEntry);
  }

  // --- rendering and evidence -----------------------------------------------------------------

  private async render(m: EntityManager, row: CommunicationRow, decision: SendAllowed, contact: CaseContactEntity, look: BrandLookEntity, now: Date): Promise<Rendered> {
    const channel = templateChannelOf(decision.channel);
    const language = decision.language;
    const template = await this.templates.resolveForSending({ brandId: look.brandId, kind: row.kind, language, channel }, m);
    const { context } = await this.contexts.forCase({ caseId: row.case_id, kind: row.kind, language, channel, amounts: row.amounts, now }, m);
    const locale = localeFor(language, contact.country);
    const address = typeof decision.recipient === 'string' ? undefined : decision.recipient;
    const message: OutboundMessage = {
      communicationId: row.id,
      caseReference: context.case.reference,
      sender: { name: look.senderName, email: look.replyEmail ?? undefined, phone: look.phone ?? undefined },
      recipient: {
        name: contact.debtorName,
        ...(decision.channel === 'email' || decision.channel === 'registered_email' ? { email: decision.recipient as string } : {}),
        ...(decision.channel === 'sms' || decision.channel === 'whatsapp' ? { phone: decision.recipient as string } : {}),
        ...(address ? { address } : {}),
      },
      text: '',
      registered: decision.channel === 'registered_email',
    };
    const base = { context: contextAsJson(context), templateVersionId: template.versionId, templateSource: template.source };
    if (channel === 'email') {
      const email = composeEmail({ parts: template.parts as EmailTemplateParts, context, language, locale });
      return { ...base, message: { ...message, subject: email.subject, html: email.html, text: email.text }, subject: email.subject, html: email.html, text: email.text, sms: null, pdf: null };
    }
    if (channel === 'sms') {
      const sms = composeSms({ source: (template.parts as SmsTemplateParts).text, context, language, locale });
      return { ...base, message: { ...message, text: sms.text }, subject: null, html: null, text: null, sms: sms.text, pdf: null };
    }
    const letter = composeLetter({ body: (template.parts as LetterTemplateParts).html, context, language, locale, paymentSlip: BigInt(context.amounts.total.amountMinor) > 0n });
    const pdf = await this.adapters.renderPdf(letter.html, letter.pdf);
    return { ...base, message: { ...message, text: context.case.reference, pdf }, subject: null, html: letter.html, text: null, sms: null, pdf };
  }

  private async keepEvidence(m: EntityManager, id: string, channel: Channel, recipient: string, sentAt: Date, r: Rendered, legal: unknown, outcome: Extract<SendOutcome, { ok: true }>): Promise<void> {
    const sha256 = createHash('sha256').update(outcome.sent.content).digest('hex');
    await m.query(
      `INSERT INTO communications.communication_evidence
         (id, communication_id, channel, recipient, sent_at, template_version_id, template_source, legal_decision, context, subject, html, text_body, sms_text, pdf, sent_media_type, sent_bytes, sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [crypto.randomUUID(), id, channel, recipient, sentAt, r.templateVersionId, r.templateSource, JSON.stringify(legal), JSON.stringify(r.context), r.subject, r.html, r.text, r.sms, r.pdf, outcome.sent.mediaType, outcome.sent.content, sha256],
    );
  }

  // --- print batches ----------------------------------------------------------------------------

  /** Hands the open print batch over; its letters become sent, with their evidence and events. */
  async closePrintBatch(): Promise<string | null> {
    const batch = await this.adapters.closePrintBatch();
    if (!batch) return null;
    for (const letter of batch.rows) {
      const queued = this.queuedLetters.get(letter.communicationId);
      this.queuedLetters.delete(letter.communicationId);
      if (!queued) continue;
      await this.db.transaction(async (m) => {
        const [row] = (await m.query(`SELECT * FROM communications.communications WHERE id = $1 FOR UPDATE`, [letter.communicationId])) as CommunicationRow[];
        if (!row || row.status !== 'requested') return;
        const sent = transition(deliveryState(row.status, row.history), 'sent', batch.closedAt, `handed to the print house in batch ${batch.batchId} (letter ${letter.sequence}, ${letter.pageCount} pages)`);
        if (!sent.ok) throw sent.error;
        await m.query(`UPDATE communications.communications SET status = 'sent', sent_at = $2, history = $3::jsonb, not_before = NULL, updated_at = $2 WHERE id = $1`, [
          row.id,
          batch.closedAt,
          JSON.stringify(storedHistory(sent.state)),
        ]);
        await this.keepEvidence(m, row.id, 'letter', queued.recipient, batch.closedAt, queued.rendered, queued.legal, queued.outcome);
        await this.publishSent(m, row, 'letter', row.language ?? 'en', queued.recipient, queued.rendered.templateVersionId, batch.closedAt, queued.outcome.providerMessageId);
      });
    }
    return batch.batchId;
  }

  /** Letters queued in a batch this process no longer holds (it stopped before handing it over) are sent again. */
  async requeueOrphanedLetters(olderThanMs: number): Promise<void> {
    // Only batches older than two hand-over intervals: another instance may hold a younger one.
    await this.db.query(
      `UPDATE communications.communications SET print_batch_id = NULL, provider_message_id = NULL, not_before = $2
        WHERE status = 'requested' AND print_batch_id IS NOT NULL AND updated_at < $3 AND NOT (id = ANY($1::uuid[]))`,
      [[...this.queuedLetters.keys()], this.clock.now(), new Date(this.clock.now().getTime() - olderThanMs)],
    );
  }

  // --- delivery receipts --------------------------------------------------------------------------

  /** A provider's signed receipt: moves the status forward (late and repeated ones are kept, ignored). */
  async receiptArrived(receipt: DeliveryReceipt): Promise<void> {
    if (!/^[0-9a-f-]{36}$/i.test(receipt.communicationId)) {
      this.log.warn(`receipt for unknown reference ${receipt.communicationId}: ignored`);
      return;
    }
    await this.db.transaction(async (m) => {
      const [row] = (await m.query(`SELECT * FROM communications.communications WHERE id = $1 FOR UPDATE`, [receipt.communicationId])) as CommunicationRow[];
      if (!row || !row.channel || (row.provider_message_id && row.provider_message_id !== receipt.providerMessageId)) {
        this.log.warn(`receipt ${receipt.providerMessageId} matches no communication: ignored`);
        return;
      }
      const before = row.status;
      const status = receiptDeliveryStatus(receipt.status);
      const detail = `provider receipt ${receipt.status}${receipt.errorCode ? ` (${receipt.errorCode}${receipt.errorMessage ? `: ${receipt.errorMessage}` : ''})` : ''}`;
      const next = applyReceipt(deliveryState(row.status, row.history), status, receipt.occurredAt, detail);
      await m.query(`UPDATE communications.communications SET status = $2, history = $3::jsonb, updated_at = $4 WHERE id = $1`, [row.id, next.status, JSON.stringify(storedHistory(next)), this.clock.now()]);
      if (next.status === before) return;
      if (next.status === 'delivered') {
        await this.messaging.publish(
          m,
          createEvent(CommunicationDelivered, {
            aggregateId: row.case_id,
            clientId: row.client_id,
            payload: { communicationId: row.id, caseId: row.case_id, channel: row.channel as CommunicationChannel, deliveredAt: receipt.occurredAt.toISOString() },
          }),
        );
      } else if (next.status === 'failed' || next.status === 'bounced') {
        await this.publishFailed(m, row, row.channel, new ChannelError(row.channel, 'rejected', false, detail, next.status === 'bounced'), receipt.occurredAt, null);
      }
    });
  }

  // --- events -----------------------------------------------------------------------------------

  private publishSent(m: EntityManager, row: CommunicationRow, channel: Channel, language: string, recipient: string, templateVersionId: string | null, sentAt: Date, providerMessageId: string) {
    return this.messaging.publish(
      m,
      createEvent(CommunicationSent, {
        aggregateId: row.case_id,
        clientId: row.client_id,
        payload: {
          communicationId: row.id,
          requestId: row.request_id,
          caseId: row.case_id,
          clientId: row.client_id,
          channel,
          kind: row.kind as CommunicationKind,
          language,
          templateVersionId,
          recipient,
          sentAt: sentAt.toISOString(),
          providerMessageId,
        },
      }),
    );
  }

  private publishFailed(m: EntityManager, row: CommunicationRow, channel: Channel, error: ChannelError, at: Date, fallbackChannel: Channel | null) {
    return this.messaging.publish(
      m,
      createEvent(CommunicationFailed, {
        aggregateId: row.case_id,
        clientId: row.client_id,
        payload: { communicationId: row.id, caseId: row.case_id, channel, reason: error.message || error.reason, bounced: error.bounced, failedAt: at.toISOString(), fallbackChannel },
      }),
    );
  }

  // --- reading ----------------------------------------------------------------------------------

  async get(id: string): Promise<CommunicationRow> {
    const [row] = (await this.db.query(`SELECT * FROM communications.communications WHERE id = $1`, [id])) as CommunicationRow[];
    if (!row) throw new DomainError('not_found', `no communication ${id}`, [{ field: 'id', reason: 'no such communication' }]);
    return row;
  }

  async ofCase(caseId: string): Promise<CommunicationRow[]> {
    return (await this.db.query(`SELECT * FROM communications.communications WHERE case_id = $1 ORDER BY created_at, id`, [caseId])) as CommunicationRow[];
  }

  async evidence(id: string): Promise<EvidenceRow | null> {
    const [row] = (await this.db.query(`SELECT * FROM communications.communication_evidence WHERE communication_id = $1`, [id])) as EvidenceRow[];
    return row ?? null;
  }
}
