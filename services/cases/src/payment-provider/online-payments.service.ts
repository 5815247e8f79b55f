import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { uuidV7 } from '@amicus/ids';
import { formatMoney, type Money } from '@amicus/money';
import { RUNTIME, type RuntimeContext } from '@amicus/service-runtime';
import { auditJson, insertAudit } from '../audit/audit-trail';
import { bulkOutbox } from '../bulk-writes/bulk-outbox';
import { CASES_CONFIG, type CasesConfig } from '../config';
import type { Actor } from '../case-lifecycle/case-lifecycle';
import { visibleCaseRow } from '../case-file/case-reads.service';
import { PayLinksService } from '../pay-links/pay-links.service';
import { ledgerContext, recordPayments, reversePayment, type LedgerContext } from '../payments/payment-ledger';
import { paymentById } from '../payments/payment-store';
import { actorOf, isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import {
  nextPollAt,
  POLLED_STATUSES,
  stillPolled,
  paymentDescription,
  paymentMethods,
  providerUrls,
  readOnlineAmount,
  receivedOnOf,
  refundIdempotencyKey,
  refundKind,
  webhookAction,
  type PaymentMethod,
  type RefundKind,
} from './online-payment';
import {
  attemptByEitherId,
  attemptById,
  attemptByProviderId,
  attemptOfRow,
  attemptsOfCase,
  insertAttempt,
  insertRefund,
  onlinePaymentViewOfRow,
  updateAttempt,
  type OnlinePaymentRow,
  type OnlinePaymentView,
} from './online-payment-store';
import { PAYMENT_PROVIDER, PaymentProviderError, type PaymentProvider, type ProviderPayment } from './payment-provider';

/** What a webhook did: the controller answers 200 for all of them (the provider would retry otherwise). */
export type WebhookOutcome = 'recorded' | 'refund_due' | 'status' | 'charged_back' | 'unchanged' | 'unknown' | 'mismatch';

export interface OnlineRefundView {
  id: string;
  providerRefundId: string;
  status: string;
  kind: RefundKind;
  amountMinor: string;
  currency: string;
  onlinePayment: OnlinePaymentView;
}

/** What the service itself writes after the provider spoke: agency-wide, under row-level security. */
const SYSTEM: Identity = { subject: 'system:payment-provider', role: 'agency_admin', clientId: null, brandIds: [], email: null };

/**
 * Paying online through the configured payment provider (none, or Mollie): a debtor starts a
 * payment by its pay link (the link's lookup, walls and rate limit; the attempt written before
 * the provider is asked, its answer after), the provider's webhook is answered by fetching the
 * payment from the provider — never from the webhook's body — and a paid one recorded through
 * the payments ledger like a bank transfer (allocated by the engine, a case paid in full
 * closed), once; the agency admin refunds one through the provider.
 */
@Injectable()
export class OnlinePaymentsService {
  private readonly outbox: ReturnType<typeof bulkOutbox>;
  private readonly log: RuntimeContext['log'];

  constructor(
    private readonly tenant: TenantDatabase,
    @Inject(RUNTIME) runtime: Pick<RuntimeContext, 'schema' | 'topicPrefix' | 'log'>,
    private readonly clock: Clock,
    @Inject(CASES_CONFIG) private readonly config: Pick<CasesConfig, 'AMICUS_AGENCY_REGISTRATION' | 'PUBLIC_BASE_URL'>,
    private readonly payLinks: PayLinksService,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider | null,
  ) {
    this.outbox = bulkOutbox(runtime.schema, { topicPrefix: runtime.topicPrefix });
    this.log = runtime.log;
  }

  /** The provider's name when one is configured (the webhook's path). */
  get providerName(): string | null {
    return this.provider?.name ?? null;
  }

  /** How the debtor's page may offer to pay a case in this state. */
  methodsFor(statement: { closed: boolean; totalDueMinor: string }): PaymentMethod[] {
    return paymentMethods(statement, this.provider !== null);
  }

  /**
   * The debtor starts paying `amountText` online by its pay link: from one cent to the total due
   * today. The attempt is on file (with its idempotency key) before the provider is asked, so a
   * webhook always finds it; the provider's refusal or silence leaves it `not_started`, and the
   * debtor a clear answer.
   */
  async start(token: string, amountText: string, clientAddress: string): Promise<OnlinePaymentView> {
    const provider = this.provider;
    const now = this.clock.now();
    const { row, amount, statement } = await this.payLinks.withLink(token, clientAddress, async (m, link) => {
      if (!provider) throw notOffered();
      const s = link.statement;
      if (s.closed) throw new DomainError('conflict', 'this case is closed: there is nothing left to pay');
      const read = readOnlineAmount(amountText, { totalDueMinor: BigInt(s.totalDueMinor), currency: s.currency });
      if (Array.isArray(read)) throw DomainError.invalid(read);
      const attempt = await insertAttempt(m, {
        id: uuidV7(now.getTime()),
        caseId: link.caseId,
        provider: provider.name,
        // One per attempt: the adapter's retries of this request are this one payment at the provider.
        idempotencyKey: randomUUID(),
        amountMinor: read.amountMinor,
        currency: read.currency,
        at: now,
      });
      return { row: attempt, amount: read, statement: s };
    });
    const p = provider!;
    let created: ProviderPayment;
    try {
      created = await p.createPayment(
        {
          amount,
          description: paymentDescription(statement),
          ...providerUrls(this.config.PUBLIC_BASE_URL, p.name, token, row.id),
          metadata: { caseId: row.case_id, caseNumber: statement.caseReference, onlinePaymentId: row.id },
        },
        row.idempotency_key,
      );
      if (created.status !== 'open' || !created.checkoutUrl || created.amount.amountMinor !== amount.amountMinor)
        throw new PaymentProviderError('unavailable', `the new payment ${created.id} came back ${created.status} without a checkout`);
    } catch (e) {
      if (!(e instanceof PaymentProviderError)) throw e;
      this.log.warn({ onlinePaymentId: row.id, caseId: row.case_id, provider: p.name, err: e.message }, 'online payment not started');
      await this.tenant.run(SYSTEM, (m) => updateAttempt(m, row.id, { status: 'not_started', failure: e.message }, this.clock.now()));
      if (e.kind === 'refused' && e.field?.startsWith('amount'))
        throw DomainError.invalid([{ field: 'amountMinor', reason: `the payment provider refused it: ${e.message}` }]);
      throw new DomainError(
        'conflict',
        'paying online does not work just now: try again in a few minutes, or pay by bank transfer with the structured reference',
        [],
        { reason: 'provider_unavailable' },
      );
    }
    return this.tenant.run(SYSTEM, async (m) => {
      const at = this.clock.now();
      const updated = await updateAttempt(
        m,
        row.id,
        { provider_payment_id: created.id, status: 'open', checkout_url: created.checkoutUrl, method: created.method },
        at,
      );
      // Asked again from the provider until it is settled, in case no webhook ever comes (pollDue).
      await m.query(`UPDATE cases.online_payments SET poll_at = $2 WHERE id = $1`, [row.id, nextPollAt(row.created_at, 0, at)]);
      await insertAudit(m, [
        [
          row.case_id,
          'system',
          p.name,
          at,
          'online_payment_started',
          `the debtor started paying ${formatMoney(amount)} online through ${p.name} (${created.id}) by its pay link`,
          null,
          auditJson({ onlinePaymentId: row.id, providerPaymentId: created.id, amountMinor: amount.amountMinor }),
        ],
      ]);
      return onlinePaymentViewOfRow(updated);
    });
  }

  /** An attempt of the link's case, by the link (the page the provider sends the debtor back to). */
  async ofLink(token: string, id: string, clientAddress: string): Promise<OnlinePaymentView> {
    return this.payLinks.withLink(token, clientAddress, async (m) => {
      const row = isUuid(id) ? await attemptById(m, id) : undefined;
      if (!row) throw new DomainError('not_found', `online payment ${id} not found for this pay link`);
      return onlinePaymentViewOfRow(row);
    });
  }

  /** A case's attempts, newest first, under the caller's walls. */
  ofCase(identity: Identity, caseId: string): Promise<OnlinePaymentView[]> {
    return this.tenant.run(identity, async (m) => {
      if (!(await visibleCaseRow(m, identity, caseId))) return [];
      return (await attemptsOfCase(m, caseId)).map(onlinePaymentViewOfRow);
    });
  }

  /**
   * The provider said payment `providerPaymentId` changed. The attempt is found by that id, the
   * payment fetched from the provider, and what it says applied under the attempt's lock: paid →
   * recorded once (or, for a case closed meanwhile, a refund task); canceled, expired, failed →
   * the status; charged back → the payment undone. An id not on file changes nothing. A provider
   * that cannot be reached throws `unavailable` (the provider retries the webhook).
   */
  async webhook(providerPaymentId: string, correlationId: string): Promise<WebhookOutcome> {
    const provider = this.provider;
    if (!provider) return 'unknown';
    const known = await this.tenant.run(SYSTEM, (m) => attemptByProviderId(m, provider.name, providerPaymentId));
    if (!known) {
      this.log.warn({ provider: provider.name, providerPaymentId }, 'webhook for a payment not on file: ignored');
      return 'unknown';
    }
    const fetched = await provider.getPayment(providerPaymentId);
    if (!fetched) {
      this.log.error({ provider: provider.name, providerPaymentId, onlinePaymentId: known.id }, 'the provider has no payment on file here');
      return 'unknown';
    }
    return this.tenant.run(SYSTEM, async (m) => {
      // Locked: the same webhook told twice at once is applied once, the second sees it done.
      const row = (await attemptByProviderId(m, provider.name, providerPaymentId, true))!;
      const action = webhookAction(attemptOfRow(row), fetched);
      const now = this.clock.now();
      switch (action.kind) {
        case 'mismatch':
          this.log.error(
            { provider: provider.name, providerPaymentId, onlinePaymentId: row.id, why: action.why },
            'webhook payment mismatch',
          );
          return 'mismatch';
        case 'none':
          return 'unchanged';
        case 'status':
          await updateAttempt(m, row.id, { status: action.status, method: fetched.method ?? row.method }, now);
          if (action.status === 'canceled' || action.status === 'expired' || action.status === 'failed')
            await insertAudit(m, [
              [
                row.case_id,
                'system',
                provider.name,
                now,
                `online_payment_${action.status}`,
                `the online payment of ${formatMoney(attemptOfRow(row).amount)} through ${provider.name} (${providerPaymentId}) was ${action.status}: no money came`,
                null,
                auditJson({ onlinePaymentId: row.id, providerPaymentId, status: action.status }),
              ],
            ]);
          return 'status';
        case 'record':
          return this.recordPaid(m, row, fetched, provider.name, correlationId);
        case 'chargeback':
          return this.chargedBack(m, row, action.amountMinor, provider.name, correlationId);
      }
    });
  }

  /**
   * The online payments due for a poll (their webhook did not settle them yet), asked from the
   * provider and applied exactly as a webhook would be (`webhook`: fetched, never trusted from
   * elsewhere, applied once under the attempt's lock); then polled again later with a longer wait,
   * or no more once settled (paid, canceled, expired, failed) or too old. A provider that cannot be
   * reached leaves them for the next poll.
   */
  async pollDue(correlationId: string = randomUUID(), limit = 100): Promise<{ polled: number; outcomes: Record<string, number> }> {
    const provider = this.provider;
    if (!provider) return { polled: 0, outcomes: {} };
    const now = this.clock.now();
    const due: { id: string; provider_payment_id: string | null; status: string; created_at: Date; polls: number }[] =
      await this.tenant.run(SYSTEM, (m) =>
        m.query(
          `SELECT id, provider_payment_id, status, created_at, polls FROM cases.online_payments WHERE poll_at <= $1 AND provider = $2
            ORDER BY poll_at, id LIMIT $3`,
          [now, provider.name, limit],
        ),
      );
    const outcomes: Record<string, number> = {};
    for (const row of due) {
      let outcome: WebhookOutcome | 'unreachable' | 'settled' = 'settled';
      if (stillPolled(row.status) && row.provider_payment_id) {
        try {
          outcome = await this.webhook(row.provider_payment_id, correlationId);
        } catch (e) {
          if (!(e instanceof PaymentProviderError)) throw e;
          this.log.warn({ onlinePaymentId: row.id, provider: provider.name, err: e.message }, 'online payment poll: provider not reached');
          outcome = 'unreachable';
        }
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      const at = this.clock.now();
      await this.tenant.run(SYSTEM, (m) =>
        m.query(
          `UPDATE cases.online_payments SET polls = polls + 1, poll_at = CASE WHEN status = ANY($3::text[]) THEN $2::timestamptz END WHERE id = $1`,
          [row.id, nextPollAt(row.created_at, row.polls + 1, at), [...POLLED_STATUSES]],
        ),
      );
    }
    return { polled: due.length, outcomes };
  }

  /** The money of a paid attempt onto its case, as the ledger records a bank transfer; for a case closed meanwhile, a refund task. */
  private async recordPaid(
    m: EntityManager,
    row: OnlinePaymentRow,
    fetched: ProviderPayment,
    provider: string,
    correlationId: string,
  ): Promise<WebhookOutcome> {
    const ctx = await this.ledger(m, { kind: 'system', id: provider }, correlationId);
    const amount = attemptOfRow(row).amount;
    const [c]: { phase: string; outcome: string | null }[] = await m.query(
      `SELECT phase, outcome FROM cases.cases WHERE id = $1 FOR UPDATE`,
      [row.case_id],
    );
    const paid = { status: 'paid' as const, paid_at: fetched.paidAt ?? ctx.now, method: fetched.method ?? row.method };
    if (c!.phase === 'closed') {
      const taskId = uuidV7(ctx.now.getTime());
      const reason = `${formatMoney(amount)} paid online through ${provider} (${fetched.id}) after the case closed (${c!.outcome}): refund it to the payer (refundOnlinePayment)`;
      await m.query(
        `INSERT INTO cases.payment_tasks (id, case_id, payment_id, kind, amount_minor, currency, reason, created_at)
         VALUES ($1, $2, NULL, 'refund', $3, $4, $5, $6)`,
        [taskId, row.case_id, amount.amountMinor.toString(), amount.currency, reason, ctx.now],
      );
      await insertAudit(m, [
        [
          row.case_id,
          'system',
          provider,
          ctx.now,
          'refund_due',
          reason,
          null,
          auditJson({ onlinePaymentId: row.id, providerPaymentId: fetched.id, amountMinor: amount.amountMinor }),
        ],
      ]);
      await updateAttempt(m, row.id, { ...paid, refund_task_id: taskId }, ctx.now);
      return 'refund_due';
    }
    const iban = fetched.payer.account ? (electronicFormatIBAN(fetched.payer.account) ?? fetched.payer.account) : null;
    const { paymentIds } = await recordPayments(m, ctx, [
      {
        caseId: row.case_id,
        amount,
        receivedOn: receivedOnOf(fetched.paidAt, (d) => this.clock.today(d), ctx.today),
        source: 'provider',
        payerName: fetched.payer.name?.slice(0, 140) ?? null,
        payerIban: iban && isValidIBAN(iban) ? iban : null,
        bankEntryId: null,
        note: `${provider} ${fetched.id}${fetched.method ? ` (${fetched.method})` : ''}`,
        online: { provider, paymentId: fetched.id, method: fetched.method ?? row.method ?? null },
      },
    ]);
    await updateAttempt(m, row.id, { ...paid, payment_id: paymentIds[0]! }, ctx.now);
    return 'recorded';
  }

  /** The payer's bank took the money back: all of it undoes the payment (the case restated, reopened if it closed); a part is for an agent to review. */
  private async chargedBack(
    m: EntityManager,
    row: OnlinePaymentRow,
    chargedBackMinor: bigint,
    provider: string,
    correlationId: string,
  ): Promise<WebhookOutcome> {
    const ctx = await this.ledger(m, { kind: 'system', id: provider }, correlationId);
    const amount = attemptOfRow(row).amount;
    const what = `${formatMoney({ amountMinor: chargedBackMinor, currency: amount.currency })} of the online payment of ${formatMoney(amount)} through ${provider} (${row.provider_payment_id}) was charged back`;
    const payment = row.payment_id ? await paymentById(m, row.payment_id) : undefined;
    if (payment && payment.status === 'active' && chargedBackMinor >= amount.amountMinor) {
      await reversePayment(m, ctx, payment.id, { kind: 'chargeback', reason: `${what} by the payer's bank` });
    } else {
      await m.query(
        `INSERT INTO cases.payment_tasks (id, case_id, payment_id, kind, amount_minor, currency, reason, created_at)
         VALUES ($1, $2, $3, 'review', $4, $5, $6, $7)`,
        [
          uuidV7(ctx.now.getTime()),
          row.case_id,
          payment?.id ?? null,
          chargedBackMinor.toString(),
          amount.currency,
          `${what}: see what stands of it on the case`,
          ctx.now,
        ],
      );
      await insertAudit(m, [
        [
          row.case_id,
          'system',
          provider,
          ctx.now,
          'payment_review',
          `${what}: an agent reviews it`,
          null,
          auditJson({ onlinePaymentId: row.id, chargedBackMinor }),
        ],
      ]);
    }
    await updateAttempt(m, row.id, { charged_back_minor: chargedBackMinor.toString() }, ctx.now);
    return 'charged_back';
  }

  /**
   * The agency admin refunds (part of) a paid online payment through the provider — named by its
   * own id or by the Amicus payment it became: what was paid beyond the debt (its refund task is
   * done), or all the rest (the payment is then undone on the case), or money that came for a
   * closed case. The row stays locked while the provider is asked; the refund's idempotency key
   * is made from the request, so asking again after a failure refunds once.
   */
  async refund(
    identity: Identity,
    id: string,
    amountText: string,
    reasonText: string | null,
    correlationId: string,
  ): Promise<OnlineRefundView> {
    if (identity.role !== 'agency_admin') throw new DomainError('forbidden', 'only the agency admin refunds online payments');
    const provider = this.provider;
    if (!provider) throw notOffered();
    const text = amountText.trim();
    if (!/^\d{1,18}$/.test(text))
      throw DomainError.invalid([{ field: 'amountMinor', reason: 'must be a whole number of minor units (cents), e.g. "2500" for 25.00' }]);
    const reason = reasonText?.trim() || 'refunded to the payer';
    if (reason.length > 255) throw DomainError.invalid([{ field: 'reason', reason: 'is longer than 255 characters' }]);
    if (!isUuid(id)) throw new DomainError('not_found', `online payment ${id} not found`);
    return this.tenant.run(identity, async (m) => {
      const row = await attemptByEitherId(m, id, true);
      if (!row) throw new DomainError('not_found', `online payment ${id} not found`);
      if (row.status !== 'paid' || !row.provider_payment_id)
        throw new DomainError('conflict', `the online payment is ${row.status}: only a paid one is refunded`);
      const attempt = attemptOfRow(row);
      const amountMinor = BigInt(text);
      const refunded = BigInt(row.refunded_minor);
      const payment = row.payment_id ? await paymentById(m, row.payment_id, true) : undefined;
      const kind = refundKind(amountMinor, {
        paidMinor: attempt.amount.amountMinor,
        refundedMinor: refunded,
        currency: attempt.amount.currency,
        recorded: payment ? { unallocatedMinor: BigInt(payment.unallocated_minor), reversed: payment.status === 'reversed' } : null,
      });
      if (Array.isArray(kind)) throw DomainError.invalid(kind);
      const [c]: { case_number: string }[] = await m.query(`SELECT case_number::text FROM cases.cases WHERE id = $1`, [row.case_id]);
      const amount: Money = { amountMinor, currency: attempt.amount.currency };
      const made = await provider
        .createRefund(
          row.provider_payment_id,
          { amount, description: `Refund AMI-${c!.case_number}`, metadata: { caseId: row.case_id, onlinePaymentId: row.id } },
          refundIdempotencyKey(row.id, refunded, amountMinor),
        )
        .catch((e: unknown) => {
          if (!(e instanceof PaymentProviderError)) throw e;
          this.log.warn({ onlinePaymentId: row.id, err: e.message }, 'refund refused');
          if (e.kind === 'refused')
            throw DomainError.invalid([{ field: 'amountMinor', reason: `the payment provider refused the refund: ${e.message}` }]);
          throw new DomainError('conflict', `the payment provider does not answer just now: nothing was refunded, try again later`, [], {
            reason: 'provider_unavailable',
          });
        });
      const now = this.clock.now();
      const actor = actorOf(identity);
      const by = `${actor.kind}:${actor.id}`;
      const refundId = uuidV7(now.getTime());
      await insertRefund(m, {
        id: refundId,
        onlinePaymentId: row.id,
        caseId: row.case_id,
        providerRefundId: made.id,
        idempotencyKey: refundIdempotencyKey(row.id, refunded, amountMinor),
        amountMinor,
        currency: amount.currency,
        kind: kind.kind,
        status: made.status,
        reason,
        requestedBy: by,
        at: now,
      });
      const updated = await updateAttempt(m, row.id, { refunded_minor: (refunded + amountMinor).toString() }, now);
      const what = `${formatMoney(amount)} of the online payment of ${formatMoney(attempt.amount)} refunded through ${provider.name} (${made.id}): ${reason}`;
      await insertAudit(m, [
        [
          row.case_id,
          actor.kind,
          actor.id,
          now,
          'online_payment_refunded',
          what,
          null,
          auditJson({ onlinePaymentId: row.id, providerRefundId: made.id, amountMinor, kind: kind.kind }),
        ],
      ]);
      if (kind.kind === 'rest' && payment)
        await reversePayment(m, await this.ledger(m, actor, correlationId), payment.id, { kind: 'correction', reason: what });
      // The money task the refund answers is done.
      const task =
        kind.kind === 'overpayment' ? { payment_id: payment?.id } : kind.kind === 'unrecorded' ? { id: row.refund_task_id } : null;
      if (task && (task.payment_id || task.id))
        await m.query(
          `UPDATE cases.payment_tasks SET status = 'done', done_by = $3, done_at = $4
            WHERE kind = 'refund' AND status = 'open' AND (payment_id = $1 OR id = $2) AND amount_minor <= $5`,
          [task.payment_id ?? null, task.id ?? null, by, now, (refunded + amountMinor).toString()],
        );
      return {
        id: refundId,
        providerRefundId: made.id,
        status: made.status,
        kind: kind.kind,
        amountMinor: amountMinor.toString(),
        currency: amount.currency,
        onlinePayment: onlinePaymentViewOfRow(updated),
      };
    });
  }

  private ledger(m: EntityManager, actor: Actor, correlationId: string): Promise<LedgerContext> {
    return ledgerContext(
      m,
      { clock: this.clock, agencyRegistration: this.config.AMICUS_AGENCY_REGISTRATION || null, publish: this.outbox },
      actor,
      correlationId,
    );
  }
}

function notOffered(): DomainError {
  return new DomainError('conflict', 'paying online is not offered here: pay by bank transfer with the structured reference', [], {
    reason: 'no_payment_provider',
  });
}
