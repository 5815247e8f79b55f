import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BrandLookEntity } from '../brand-looks/brand-look.entity';
import { brandLanguages } from '../brand-looks/brand-look';
import type { CaseContactEntity } from '../case-contacts/case-contact.entity';
import { DEFAULT_CHANNEL_ORDER, caseStandingOf, debtorContacts, preferredChannelOf, recipientText } from '../case-contacts/case-contact';
import { CaseContactsService } from '../case-contacts/case-contacts.service';
import { Channel, ChannelError, SendResult, isChannelError } from '../channels/channel';
import { COMMUNICATIONS_CONFIG, type CommunicationsConfig } from '../config';
import {
  cancels,
  decideSend,
  type ContactHistoryEntry,
  type SendAllowed,
  type SendRefused,
  type SendRequest,
} from '../contact-rules/contact-rules';
import { recordRefusal, recordSendAttempt, transition, type DeliveryState } from '../delivery/delivery-status';
import { decideAfterFailure, validateRetryPolicy, type RetryPolicy } from '../delivery/retry-policy';
import { optOutsOfDebtor, optedOut } from '../opt-outs/opt-out-store';
import { ChannelAdapters, type MessageChannel } from './channel-adapters';
import { Clock } from '@amicus/calendar';
import { attemptOn, legalContactCheck, storedHistory, storedRefusal, type Communication } from './communication';
import { CommunicationEvents } from './communication-events';
import { CommunicationRenderer, type Rendered } from './communication-renderer';
import {
  cancelCommunication,
  contactHistoryOf,
  dueCommunicationIds,
  insertCommunication,
  keepEvidence,
  lockCommunication,
  lockDueCommunication,
  markSending,
  sendAgain,
  sendingKeyOf,
  stillSending,
  stuckSending,
} from './communication-store';
import { PrintBatchesService, type QueuedInBatch } from './print-batches.service';

/** What deciding and sending need to know about the case, loaded once per send. */
interface SendingFacts {
  contact: CaseContactEntity;
  look: BrandLookEntity;
  request: SendRequest;
}

/** One attempt on the channel the contact rules allowed: what was rendered for whom, and the counters after it. */
interface Attempt {
  decision: SendAllowed;
  rendered: Rendered;
  recipient: string;
  triedChannels: Channel[];
  attemptsOnChannel: number;
}

/** A send committed as sending, to make outside the transaction. */
interface Sending {
  c: Communication;
  state: DeliveryState;
  attempt: Attempt;
  preferred: Channel;
  channel: MessageChannel;
  /** The communication id and attempt number, committed with `sending_since` before the provider is called. */
  key: string;
}

/** A send whose outcome is not recorded after this long is stuck (well above the adapters' timeouts). */
export const STUCK_SENDING_MS = 5 * 60_000;

/** How far back the frequency limits look (a week, and a day to spare for time zones). */
const HISTORY_MS = 8 * 24 * 3600_000;

/**
 * Deciding and sending (issue 5, parts 4 and 6): a due communication is decided by the contact
 * rules (refused: scheduled with its reason and the moment it may go), rendered with its template,
 * and committed as sending with its key; then sent through its channel's adapter outside any
 * transaction (issue 18 §4), and its status, evidence and events written in a second one. A letter
 * joins the print batch in the first (the print house takes it at the hand-over). A failed channel is retried with backoff, then falls
 * back to the debtor's next channel where the request allows.
 */
@Injectable()
export class SendingService {
  private readonly retryPolicy: RetryPolicy;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly contacts: CaseContactsService,
    private readonly renderer: CommunicationRenderer,
    private readonly adapters: ChannelAdapters,
    private readonly printBatches: PrintBatchesService,
    private readonly events: CommunicationEvents,
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

  /** Communications due now (requested, scheduled until now, retries), oldest first. */
  dueIds(limit = 20): Promise<string[]> {
    return dueCommunicationIds(this.db.manager, this.clock.now(), limit);
  }

  /**
   * Decides and sends one due communication. The row stays locked until the outcome is committed,
   * so two instances never send it twice: one another instance holds is skipped, or with `wait`
   * (a caller that answers the outcome) left to that instance, whose outcome it then reads.
   */
  async process(id: string, wait = false): Promise<void> {
    const sending = await this.db.transaction(async (m) => {
      const now = this.clock.now();
      const c = await lockDueCommunication(m, id, now, wait);
      return c ? this.decideAndSend(m, c, now) : undefined;
    });
    if (sending) await this.send(sending);
  }

  /**
   * The provider is called outside any transaction (issue 18 §4): the communication was committed
   * as sending with its key first, so a commit that fails after the provider took the message
   * leaves it sending — resolved by `resolveStuckSends`, never sent again blindly.
   */
  private async send(s: Sending): Promise<void> {
    const outcome = await this.adapters.for(s.channel).send(s.attempt.rendered.message);
    await this.db.transaction(async (m) => {
      const now = this.clock.now();
      const c = await lockCommunication(m, s.c.id);
      if (!c || !(await stillSending(m, c.id, s.key))) return; // resolved meanwhile (see resolveStuckSends)
      return isChannelError(outcome)
        ? this.failed(m, s.c, s.state, s.attempt, outcome, s.preferred, now)
        : this.sent(m, s.c, s.state, s.attempt, outcome, now);
    });
  }

  /**
   * Communications left sending longer than `olderThanMs` (the process stopped, or the commit after
   * the provider answered failed): whether the provider took them is unknown. SMS and WhatsApp go
   * again — the provider's Idempotency-Key is the communication id, so a message it took is not
   * sent twice. E-mail has no such key (SMTP): sending again could deliver it twice, so it is not
   * sent again but failed with the reason, for an agent to check in the relay's log by its
   * X-Amicus-Communication-Id header — one e-mail too few is put right by hand, one too many
   * cannot be taken back. Answers how many were resolved.
   */
  async resolveStuckSends(olderThanMs = STUCK_SENDING_MS): Promise<number> {
    const now = this.clock.now();
    const stuck = await stuckSending(this.db.manager, new Date(now.getTime() - olderThanMs));
    let resolved = 0;
    for (const id of stuck) {
      resolved += await this.db.transaction(async (m) => {
        const c = await lockCommunication(m, id);
        const key = c && (await sendingKeyOf(m, c.id));
        if (!c || !key) return 0;
        const channel = c.channel ?? 'email';
        if (channel === 'sms' || channel === 'whatsapp') {
          await sendAgain(m, c.id, now);
          return 1;
        }
        const reason = `send outcome unknown: the service stopped or could not record the outcome after handing it to the ${channel} provider (${key}); not sent again automatically — check the relay's log for X-Amicus-Communication-Id ${c.id}`;
        const failed = transition(c.state, 'failed', now, reason);
        if (!failed.ok) throw failed.error;
        await m.query(
          `UPDATE communications.communications SET status = 'failed', history = $2::jsonb, not_before = NULL, sending_since = NULL, sending_key = NULL, updated_at = $3 WHERE id = $1`,
          [c.id, JSON.stringify(storedHistory(failed.state)), now],
        );
        await this.events.failed(m, c, channel, new ChannelError(channel, 'network', false, reason), now, null);
        return 1;
      });
    }
    return resolved;
  }

  /** Decides, renders and either finishes in this transaction or answers the send to make once it commits. */
  private async decideAndSend(m: EntityManager, c: Communication, now: Date): Promise<Sending | undefined> {
    const facts = await this.facts(m, c, now);
    if (typeof facts === 'string') return void (await this.fail(m, c, c.state, now, facts));
    const decision = decideSend(facts.request);
    if (cancels(decision)) return void (await this.cancel(m, c, decision, now));
    if (!decision.allowed) return void (await this.refuse(m, c, decision, now));
    const state = decidedAgain(c.state, now);
    let rendered: Rendered;
    try {
      rendered = await this.renderer.render(m, c, decision, facts.contact, facts.look, now);
    } catch (error) {
      return void (await this.fail(m, { ...c, channel: decision.channel }, state, now, `could not render: ${(error as Error).message}`));
    }
    const attempt: Attempt = { decision, rendered, recipient: recipientText(decision.recipient), ...attemptOn(c, decision.channel) };
    const preferred = facts.request.debtor.preferredChannel;
    if (decision.channel === 'letter') {
      const queued = await this.printBatches.queue(m, rendered, now);
      await (isChannelError(queued)
        ? this.failed(m, c, state, attempt, queued, preferred, now)
        : this.queued(m, c, state, attempt, queued, now));
      return;
    }
    const key = `${c.id}#${c.attempts + 1}`;
    await markSending(m, c.id, key, now);
    return { c, state, attempt, preferred, key, channel: decision.channel };
  }

  /**
   * Cancels a communication not sent yet (locked by the caller) with the refusal for good that
   * ends it, and announces CommunicationCancelled in the same transaction: the one place a
   * communication is cancelled, whether the rules refuse it when it falls due or a change of the
   * case (CaseChangesService) ends it while it is queued.
   */
  async cancel(m: EntityManager, c: Communication, refusal: SendRefused, now: Date): Promise<void> {
    await cancelCommunication(m, c, refusal, now);
    await this.events.cancelled(m, c, refusal, now);
  }

  /** The case, its brand look, the debtor's opt-outs and recent contacts; or why the case cannot be written to. */
  private async facts(m: EntityManager, c: Communication, now: Date): Promise<SendingFacts | string> {
    const contact = await this.contacts.find(c.caseId, m);
    if (!contact) return 'the case is unknown to communications';
    const look = contact.brandId ? await m.findOneBy(BrandLookEntity, { brandId: contact.brandId }) : null;
    if (!look) return 'the case brand has no look yet';
    const optOuts = optedOut(await optOutsOfDebtor(m, contact.debtorId));
    const history = await contactHistoryOf(m, contact.debtorId, new Date(now.getTime() - HISTORY_MS));
    return { contact, look, request: sendRequestOf(c, contact, look, optOuts, history, now) };
  }

  private async refuse(m: EntityManager, c: Communication, decision: SendRefused, now: Date): Promise<void> {
    const refused = recordRefusal(c.state, decision, now);
    if (!refused.ok) throw refused.error;
    await m.query(
      `UPDATE communications.communications
          SET status = 'scheduled', not_before = $2, refusal = $3::jsonb, legal_decision = $4::jsonb, channel = COALESCE($5, channel), history = $6::jsonb, updated_at = $7
        WHERE id = $1`,
      [
        c.id,
        decision.notBefore ?? null,
        JSON.stringify(storedRefusal(decision)),
        decision.legal ? JSON.stringify(decision.legal) : null,
        decision.channel ?? null,
        JSON.stringify(storedHistory(refused.state)),
        now,
      ],
    );
  }

  private async sent(m: EntityManager, c: Communication, state: DeliveryState, a: Attempt, outcome: SendResult, now: Date): Promise<void> {
    const sent = recordSendAttempt(state, outcome, now);
    if (!sent.ok) throw sent.error;
    await this.recordAttempt(m, c, a, now, {
      state: sent.state,
      notBefore: null,
      sentAt: outcome.acceptedAt,
      providerMessageId: outcome.providerMessageId,
    });
    const { rendered: r, decision } = a;
    const sha256 = await keepEvidence(m, {
      communicationId: c.id,
      channel: decision.channel,
      recipient: a.recipient,
      sentAt: outcome.acceptedAt,
      templateVersionId: r.templateVersionId,
      templateSource: r.templateSource,
      legalDecision: decision.legal,
      context: r.context,
      subject: r.subject,
      html: r.html,
      text: r.text,
      sms: r.sms,
      pdf: r.pdf,
      sentMediaType: outcome.sent.mediaType,
      sentBytes: outcome.sent.content,
    });
    const sentWith = {
      channel: decision.channel,
      language: decision.language,
      recipient: a.recipient,
      templateVersionId: r.templateVersionId,
    };
    await this.events.sent(m, c, { ...sentWith, at: outcome.acceptedAt, providerMessageId: outcome.providerMessageId, sha256 });
  }

  /** In the print batch: it leaves (and is recorded as sent, with its evidence) when the batch is handed over. */
  private async queued(
    m: EntityManager,
    c: Communication,
    state: DeliveryState,
    a: Attempt,
    outcome: QueuedInBatch,
    now: Date,
  ): Promise<void> {
    const inBatch: DeliveryState = {
      ...state,
      history: [...state.history, { status: 'requested', at: now, detail: `in print batch ${outcome.providerMessageId}` }],
    };
    await this.recordAttempt(m, c, a, now, {
      state: inBatch,
      notBefore: c.notBefore,
      providerMessageId: outcome.providerMessageId,
      printBatchId: outcome.batchId,
    });
  }

  /** The channel failed: retried later, continued on the debtor's next channel, or given up. */
  private async failed(
    m: EntityManager,
    c: Communication,
    state: DeliveryState,
    a: Attempt,
    error: ChannelError,
    preferred: Channel,
    now: Date,
  ): Promise<void> {
    const { channel } = a.decision;
    const channelsOrder = [...new Set<Channel>([preferred, ...DEFAULT_CHANNEL_ORDER])];
    const failure = {
      channel,
      attemptsOnChannel: a.attemptsOnChannel,
      error,
      triedChannels: a.triedChannels,
      channelsOrder,
      fallbackAllowed: c.fallbackAllowed,
      now,
    };
    const after = decideAfterFailure(failure, this.retryPolicy, Math.random);
    const failed = recordSendAttempt(
      state,
      { ok: false, retryable: error.retryable, bounced: error.bounced, message: error.message },
      now,
      after,
    );
    if (!failed.ok) throw failed.error;
    await this.recordAttempt(m, c, a, now, { state: failed.state, notBefore: after.action === 'retry' ? after.at : null });
    if (after.action === 'retry') return;
    const fallback = after.action === 'fallback' ? after.channel : null;
    if (fallback) {
      const request = {
        requestId: null,
        caseId: c.caseId,
        kind: c.kind,
        channel: fallback,
        requestedBy: c.requestedBy,
        amounts: c.amounts,
        details: c.details,
      };
      await insertCommunication(m, request, c, now, { of: c.id, triedChannels: a.triedChannels });
    }
    await this.events.failed(m, c, channel, error, now, fallback);
  }

  /** Failed before any channel was tried: the case or its brand is not known here, or it did not render. */
  private async fail(m: EntityManager, c: Communication, state: DeliveryState, now: Date, reason: string): Promise<void> {
    const failed = transition(state, 'failed', now, reason);
    if (!failed.ok) throw failed.error;
    await m.query(
      `UPDATE communications.communications SET status = $2, history = $3::jsonb, not_before = NULL, updated_at = $4 WHERE id = $1`,
      [c.id, failed.state.status, JSON.stringify(storedHistory(failed.state)), now],
    );
    const channel = c.channel ?? (c.requestedChannel === 'preferred' ? null : c.requestedChannel);
    if (channel) await this.events.failed(m, c, channel, new ChannelError(channel, 'rejected', false, reason), now, null);
  }

  /** What every attempt records: the channel, language, recipient, template and legal check it went with, and its new state. */
  private async recordAttempt(
    m: EntityManager,
    c: Communication,
    a: Attempt,
    now: Date,
    after: { state: DeliveryState; notBefore: Date | null; sentAt?: Date; providerMessageId?: string; printBatchId?: string },
  ): Promise<void> {
    const { decision, rendered } = a;
    await m.query(
      `UPDATE communications.communications
          SET channel = $2, language = $3, recipient = $4, template_version_id = $5, template_source = $6, legal_decision = $7::jsonb, updated_at = $8,
              refusal = NULL, attempts = attempts + 1, attempts_on_channel = $9, tried_channels = $10, status = $11, history = $12::jsonb, not_before = $13,
              sent_at = COALESCE($14, sent_at), provider_message_id = COALESCE($15, provider_message_id), print_batch_id = COALESCE($16, print_batch_id),
              sending_since = NULL, sending_key = NULL
        WHERE id = $1`,
      [
        c.id,
        decision.channel,
        decision.language,
        a.recipient,
        rendered.templateVersionId,
        rendered.templateSource,
        JSON.stringify(decision.legal),
        now,
        a.attemptsOnChannel,
        a.triedChannels,
        after.state.status,
        JSON.stringify(storedHistory(after.state)),
        after.notBefore,
        after.sentAt ?? null,
        after.providerMessageId ?? null,
        after.printBatchId ?? null,
      ],
    );
  }
}

/** What the contact rules are asked about this communication. */
function sendRequestOf(
  c: Communication,
  contact: CaseContactEntity,
  look: BrandLookEntity,
  optOuts: ReturnType<typeof optedOut>,
  history: ContactHistoryEntry[],
  now: Date,
): SendRequest {
  return {
    debtor: {
      preferredChannel: preferredChannelOf(contact),
      channelsOrder: DEFAULT_CHANNEL_ORDER,
      language: contact.language,
      optOuts: optOuts.channels,
      optOutReasons: optOuts.reasons,
      contacts: debtorContacts(contact),
      country: contact.country,
      timeZone: contact.timeZone,
    },
    case: caseStandingOf(contact),
    brand: { languages: brandLanguages(look.languages) },
    channel: c.requestedChannel,
    kind: c.kind,
    now,
    history,
    legalCheck: legalContactCheck(contact.debtorKind),
  };
}

/** A scheduled communication the rules now allow is requested again before it is sent. */
function decidedAgain(state: DeliveryState, now: Date): DeliveryState {
  if (state.status !== 'scheduled') return state;
  const resumed = transition(state, 'requested', now, 'decided again: allowed now');
  if (!resumed.ok) throw resumed.error;
  return resumed.state;
}
