import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { structuredReferencesOf } from '@amicus/payment-references';
import { RUNTIME, type RuntimeContext } from '@amicus/service-runtime';
import { bulkOutbox } from '../bulk-writes/bulk-outbox';
import { visibleCaseRow } from '../case-file/case-reads.service';
import { CASES_CONFIG, type CasesConfig } from '../config';
import { actorOf, isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { readPayment, readReversal, type NewPayment, type PaymentWire } from './payment';
import { ledgerContext, recordPayments, reversePayment, type LedgerContext } from './payment-ledger';
import {
  paymentById,
  paymentsOfCase,
  paymentTaskViewOfRow,
  paymentViewOfRow,
  type PaymentTaskRow,
  type PaymentTaskView,
  type PaymentView,
} from './payment-store';

/**
 * Payments' use cases, one tenant transaction each: record a payment on a case (agents and the
 * admin; a client's user reports money paid to the client directly), reverse one, read a case's
 * payments and reference, and the money tasks agents work (refunds, reviews).
 */
@Injectable()
export class PaymentsService {
  /** Payments come by the thousand from a bank statement: straight into the outbox the relay publishes. */
  private readonly outbox: ReturnType<typeof bulkOutbox>;

  constructor(
    private readonly tenant: TenantDatabase,
    @Inject(RUNTIME) runtime: Pick<RuntimeContext, 'schema' | 'topicPrefix'>,
    /** The agency's clock: "today" for a payment's day and the case's restatement. */
    private readonly clock: Clock,
    @Inject(CASES_CONFIG) private readonly config: Pick<CasesConfig, 'AMICUS_AGENCY_REGISTRATION'>,
  ) {
    this.outbox = bulkOutbox(runtime.schema, { topicPrefix: runtime.topicPrefix });
  }

  /** The ledger's context for a transaction, acting as `identity` (the case history's actor). */
  context(m: EntityManager, identity: Identity, correlationId: string): Promise<LedgerContext> {
    return ledgerContext(
      m,
      { clock: this.clock, agencyRegistration: this.config.AMICUS_AGENCY_REGISTRATION || null, publish: this.outbox },
      actorOf(identity),
      correlationId,
    );
  }

  async record(identity: Identity, wire: PaymentWire, correlationId: string): Promise<PaymentView> {
    if (identity.role === 'legal') throw new DomainError('forbidden', 'legal staff do not record payments');
    if (!isUuid(wire.caseId)) throw new DomainError('not_found', `case ${wire.caseId} not found`);
    return this.tenant.run(identity, async (m) => {
      const row = await visibleCaseRow(m, identity, wire.caseId, true);
      if (!row) throw new DomainError('not_found', `case ${wire.caseId} not found`);
      const read = readPayment(wire, {
        currency: row.currency.trim(),
        today: this.clock.today(),
        reporter: identity.role === 'client_user' ? 'client' : 'agency',
      });
      if (!read.payment) throw DomainError.invalid(read.problems);
      const payment: NewPayment = read.payment;
      const ctx = await this.context(m, identity, correlationId);
      const { paymentIds } = await recordPayments(m, ctx, [payment]);
      return paymentViewOfRow((await paymentById(m, paymentIds[0]!))!);
    });
  }

  async reverse(identity: Identity, paymentId: string, kind: string, reason: string, correlationId: string): Promise<PaymentView> {
    if (identity.role !== 'agency_admin' && identity.role !== 'agent')
      throw new DomainError('forbidden', 'only agents and the admin reverse payments');
    const reversal = readReversal(kind, reason);
    if (Array.isArray(reversal)) throw DomainError.invalid(reversal);
    if (!isUuid(paymentId)) throw new DomainError('not_found', `payment ${paymentId} not found`);
    return this.tenant.run(identity, async (m) => {
      const payment = await paymentById(m, paymentId);
      // The payment is visible with its case (row-level security); the explicit wall says the same.
      if (!payment || !(await visibleCaseRow(m, identity, payment.case_id)))
        throw new DomainError('not_found', `payment ${paymentId} not found`);
      await reversePayment(m, await this.context(m, identity, correlationId), paymentId, reversal);
      return paymentViewOfRow((await paymentById(m, paymentId))!);
    });
  }

  /** A case's payments (reversed ones too), under the caller's walls. */
  ofCase(identity: Identity, caseId: string): Promise<PaymentView[]> {
    return this.tenant.run(identity, async (m) => {
      if (!(await visibleCaseRow(m, identity, caseId))) return [];
      return (await paymentsOfCase(m, caseId)).map(paymentViewOfRow);
    });
  }

  /** The case's structured references, the ones its letters must print. */
  reference(identity: Identity, caseId: string): Promise<{ caseNumber: string; ogm: string; rf: string } | null> {
    return this.tenant.run(identity, async (m) => {
      if (!(await visibleCaseRow(m, identity, caseId))) return null;
      const [row]: { case_number: string }[] = await m.query(`SELECT case_number::text FROM cases.cases WHERE id = $1`, [caseId]);
      return row ? paymentReferenceOf(row.case_number) : null;
    });
  }

  /** The open (or all) money tasks of the cases the caller sees: agents and the admin. */
  async tasks(identity: Identity, opts: { caseId?: string | null; openOnly: boolean; first: number }): Promise<PaymentTaskView[]> {
    if (identity.role !== 'agency_admin' && identity.role !== 'agent')
      throw new DomainError('forbidden', 'money tasks are for agents and the admin');
    return this.tenant.run(identity, async (m) => {
      const rows: PaymentTaskRow[] = await m.query(
        `SELECT t.* FROM cases.payment_tasks t JOIN cases.cases c ON c.id = t.case_id
          WHERE ($1::uuid IS NULL OR t.case_id = $1) AND (NOT $2 OR t.status = 'open') AND ($4::uuid[] IS NULL OR c.brand_id = ANY($4))
          ORDER BY t.created_at, t.id LIMIT $3`,
        [opts.caseId ?? null, opts.openOnly, Math.min(Math.max(opts.first, 1), 500), identity.role === 'agent' ? identity.brandIds : null],
      );
      return rows.map(paymentTaskViewOfRow);
    });
  }

  /** An agent says a task is done (the refund went out, the review was made), with a note for the case history. */
  async completeTask(identity: Identity, taskId: string, note: string): Promise<PaymentTaskView> {
    if (identity.role !== 'agency_admin' && identity.role !== 'agent')
      throw new DomainError('forbidden', 'money tasks are for agents and the admin');
    const why = note.trim();
    if (!why) throw DomainError.invalid([{ field: 'note', reason: 'is required: say what was done' }]);
    if (!isUuid(taskId)) throw new DomainError('not_found', `task ${taskId} not found`);
    return this.tenant.run(identity, async (m) => {
      const [task]: PaymentTaskRow[] = await m.query(`SELECT * FROM cases.payment_tasks WHERE id = $1 FOR UPDATE`, [taskId]);
      if (!task || !(await visibleCaseRow(m, identity, task.case_id))) throw new DomainError('not_found', `task ${taskId} not found`);
      if (task.status !== 'open') throw new DomainError('conflict', `task ${taskId} is ${task.status} already`);
      const now = this.clock.now();
      const by = `${actorOf(identity).kind}:${identity.subject}`;
      const [[done]]: [PaymentTaskRow[], number] = await m.query(
        `UPDATE cases.payment_tasks SET status = 'done', done_by = $2, done_at = $3 WHERE id = $1 RETURNING *`,
        [taskId, by, now],
      );
      const actor = actorOf(identity);
      await m.query(
        `INSERT INTO cases.audit_entries (case_id, actor_kind, actor_id, at, action, reason, before, after) VALUES ($1, $2, $3, $4, 'payment_task_done', $5, NULL, $6)`,
        [task.case_id, actor.kind, actor.id, now, `${task.kind}: ${why}`, JSON.stringify({ taskId, kind: task.kind })],
      );
      return paymentTaskViewOfRow(done!);
    });
  }
}

/** A case number's OGM and RF reference. */
export function paymentReferenceOf(caseNumber: string | bigint): { caseNumber: string; ogm: string; rf: string } {
  return { caseNumber: String(caseNumber), ...structuredReferencesOf(caseNumber) };
}
