import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, daysBetween, type CalendarDate } from '@amicus/calendar';
import type {
  CallLoggedV1,
  CaseClosedV1,
  CaseOpenedV1,
  ClaimPlacedV1,
  ClaimsPlacedV1,
  ClientOnboardedV1,
  CommunicationSentV1,
  CommunicationSentV2,
  CommunicationSentV3,
  EventEnvelope,
  PaymentAllocatedV1,
  PaymentReceivedV1,
  PaymentReversedV1,
} from '@amicus/events';
import { agreementInForce, type Agreement, type FeeKind, type TierFacts } from '../agreements/agreement';
import { AgreementEntity, agreementOf } from '../agreements/agreement.entity';
import {
  type AllocationFacts,
  type LedgerTransaction,
  type PaymentFacts,
  type TierLookup,
  allocationTransaction,
  feeOfCommunication,
  feeTransaction,
  receivedTransaction,
  reversalOf,
} from './ledger';
import { insertTransaction, loadTransaction } from './ledger-store';

interface PaymentRow {
  payment_id: string;
  case_id: string;
  client_id: string;
  amount_minor: string;
  currency: string;
  received_on: string;
  direct: boolean;
  received_key: string | null;
  allocation_key: string | null;
  reversed: boolean;
}

/**
 * Books the cases' money events in the trust ledger. Each handler runs in the consumer's
 * transaction (the event id recorded with its effect, so a redelivery books nothing twice):
 * it loads what the posting needs, lets the pure ledger decide, and writes the transactions.
 */
@Injectable()
export class LedgerPostingsService {
  constructor(private readonly clock: Clock) {}

  /** The agency's calendar day of an event. */
  private dayOf(e: EventEnvelope): CalendarDate {
    return this.clock.today(new Date(e.occurredAt));
  }

  /** Keeps the client's name (the payout file's creditor); a client never changes its name in an event yet. */
  async clientOnboarded(e: EventEnvelope<ClientOnboardedV1>, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO billing.clients (client_id, name, country) VALUES ($1, $2, $3) ON CONFLICT (client_id) DO UPDATE SET name = $2, country = $3`,
      [e.payload.clientId, e.payload.name, e.payload.country],
    );
  }

  /** Keeps the case's client (payments carry it, allocations do not) and charges the fee per case opened. */
  async caseOpened(e: EventEnvelope<CaseOpenedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    const openedOn = this.dayOf(e);
    await m.query(
      `INSERT INTO billing.cases (case_id, client_id, brand_id, currency, opened_on) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [p.caseId, p.clientId, p.brandId, p.currency, openedOn],
    );
    await this.chargeFee(m, { kind: 'caseOpened', clientId: p.clientId, caseId: p.caseId, bookedOn: openedOn }, `${e.id}:fee`);
  }

  /** Keeps what a tier is chosen by: the claim's principal and its age at placement. */
  async claimPlaced(e: EventEnvelope<ClaimPlacedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO billing.claims (claim_id, case_id, principal_minor, due_date, placed_on) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [p.claimId, p.caseId, p.principalMinor, p.dueDate, this.dayOf(e)],
    );
  }

  /** A placement's claims of one case at once (ClaimsPlaced): kept as as many ClaimPlaced would keep them. */
  async claimsPlaced(e: EventEnvelope<ClaimsPlacedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO billing.claims (claim_id, case_id, principal_minor, due_date, placed_on)
       SELECT claim_id, $2, principal_minor, due_date, $5 FROM unnest($1::uuid[], $3::bigint[], $4::date[]) AS t(claim_id, principal_minor, due_date)
       ON CONFLICT DO NOTHING`,
      [p.claims.map((c) => c.claimId), p.caseId, p.claims.map((c) => c.principalMinor), p.claims.map((c) => c.dueDate), this.dayOf(e)],
    );
  }

  /** Money in: into trust and suspense until its allocation says whose it is (nothing moves for a direct payment). */
  async paymentReceived(e: EventEnvelope<PaymentReceivedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    const facts: PaymentFacts = {
      paymentId: p.paymentId,
      caseId: p.caseId,
      clientId: p.clientId,
      amountMinor: BigInt(p.amountMinor),
      currency: p.currency,
      receivedOn: p.receivedOn,
      direct: p.direct,
    };
    const tx = receivedTransaction(facts, `${e.id}:received`);
    const inserted = (await m.query(
      `INSERT INTO billing.payments (payment_id, case_id, client_id, amount_minor, currency, received_on, direct, received_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING payment_id`,
      [p.paymentId, p.caseId, p.clientId, p.amountMinor, p.currency, p.receivedOn, p.direct, tx?.key ?? null],
    )) as unknown[];
    if (inserted.length && tx) await insertTransaction(m, tx);
  }

  /** The allocation, by the agreement in force on the day the money was received; a reallocation first undoes the last one. */
  async paymentAllocated(e: EventEnvelope<PaymentAllocatedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    const payment = await this.payment(m, p.paymentId);
    if (payment.reversed) return;
    const allocation: AllocationFacts = {
      costsMinor: BigInt(p.allocation.costsMinor),
      interestMinor: BigInt(p.allocation.interestMinor),
      principal: p.allocation.principal.map((l) => ({ claimId: l.claimId, amountMinor: BigInt(l.amountMinor) })),
      unallocatedMinor: BigInt(p.allocation.unallocatedMinor),
    };
    const parts = [
      allocation.costsMinor,
      allocation.interestMinor,
      allocation.unallocatedMinor,
      ...allocation.principal.map((l) => l.amountMinor),
    ];
    if (parts.some((x) => x < 0n)) throw new Error(`payment ${p.paymentId}: an allocated part is negative`);
    if (payment.allocation_key)
      await this.undo(m, payment.allocation_key, `${e.id}:undo`, 'allocation_reversed', 'allocated again', this.dayOf(e));
    const facts = factsOf(payment);
    const agreement = agreementInForce(await this.versions(m, facts.clientId), facts.receivedOn);
    const tx = allocationTransaction(facts, allocation, agreement, await this.tiers(m, facts.caseId), `${e.id}:allocated`);
    await insertTransaction(m, tx);
    await m.query(`UPDATE billing.payments SET allocation_key = $2 WHERE payment_id = $1`, [p.paymentId, tx.key]);
  }

  /** A payment undone: the mirror of its allocation and of its receipt, on the day it is undone. */
  async paymentReversed(e: EventEnvelope<PaymentReversedV1>, m: EntityManager): Promise<void> {
    const payment = await this.payment(m, e.payload.paymentId);
    if (payment.reversed) return;
    const day = this.dayOf(e);
    const why = `${e.payload.kind}: ${e.payload.reason}`;
    if (payment.allocation_key) await this.undo(m, payment.allocation_key, `${e.id}:undo-allocation`, 'payment_reversed', why, day);
    if (payment.received_key) await this.undo(m, payment.received_key, `${e.id}:undo-received`, 'payment_reversed', why, day);
    await m.query(`UPDATE billing.payments SET reversed = true, allocation_key = NULL WHERE payment_id = $1`, [payment.payment_id]);
  }

  /** A case paid in full: the success fee, once per case however often it is closed as paid again after a reversal. */
  async caseClosed(e: EventEnvelope<CaseClosedV1>, m: EntityManager): Promise<void> {
    if (e.payload.outcome !== 'paid') return;
    const [kase] = (await m.query(`SELECT client_id FROM billing.cases WHERE case_id = $1`, [e.payload.caseId])) as { client_id: string }[];
    if (!kase) throw new Error(`case ${e.payload.caseId} has not been opened in billing yet`);
    const key = `success:${e.payload.caseId}`;
    if (await loadTransaction(m, key)) return;
    await this.chargeFee(m, { kind: 'success', clientId: kase.client_id, caseId: e.payload.caseId, bookedOn: this.dayOf(e) }, key);
  }

  /** A letter (or registered one) sent: its fee by the agreement in force on the day it went. */
  async communicationSent(
    e: EventEnvelope<CommunicationSentV1 | CommunicationSentV2 | CommunicationSentV3>,
    m: EntityManager,
  ): Promise<void> {
    const kind = feeOfCommunication(e.payload.channel);
    if (!kind) return;
    const day = this.clock.today(new Date(e.payload.sentAt));
    await this.chargeFee(m, { kind, clientId: e.payload.clientId, caseId: e.payload.caseId, bookedOn: day }, `${e.id}:fee`);
  }

  /** A call an agent made to the debtor: the fee per call (inbound calls cost the client nothing). */
  async callLogged(e: EventEnvelope<CallLoggedV1>, m: EntityManager): Promise<void> {
    if (e.payload.direction !== 'outbound') return;
    const day = this.clock.today(new Date(e.payload.at));
    await this.chargeFee(m, { kind: 'call', clientId: e.payload.clientId, caseId: e.payload.caseId, bookedOn: day }, `${e.id}:fee`);
  }

  /** A fee of the agreement in force on the day (per letter, per call …), owed by the client. */
  async chargeFee(
    m: EntityManager,
    fee: { kind: FeeKind; clientId: string; caseId: string; bookedOn: CalendarDate },
    key: string,
  ): Promise<void> {
    const tx = feeTransaction(fee, agreementInForce(await this.versions(m, fee.clientId), fee.bookedOn), key);
    if (tx) await insertTransaction(m, tx);
  }

  private async undo(
    m: EntityManager,
    key: string,
    newKey: string,
    kind: 'allocation_reversed' | 'payment_reversed',
    memo: string,
    day: CalendarDate,
  ): Promise<void> {
    const posted: LedgerTransaction | null = await loadTransaction(m, key);
    if (!posted) throw new Error(`ledger transaction ${key} is missing`);
    await insertTransaction(m, reversalOf(posted, kind, newKey, `reverses ${key}: ${memo}`, day));
  }

  /**
   * The payment as PaymentReceived told it. Case events are keyed by case id, so its
   * PaymentReceived comes first; if it has not, the handler fails and the consumer retries.
   */
  private async payment(m: EntityManager, paymentId: string): Promise<PaymentRow> {
    const [row] = (await m.query(
      `SELECT payment_id, case_id, client_id, amount_minor::text AS amount_minor, currency, to_char(received_on, 'YYYY-MM-DD') AS received_on,
              direct, received_key, allocation_key, reversed
         FROM billing.payments WHERE payment_id = $1 FOR UPDATE`,
      [paymentId],
    )) as PaymentRow[];
    if (!row) throw new Error(`payment ${paymentId} has not been received by billing yet`);
    return row;
  }

  private async versions(m: EntityManager, clientId: string): Promise<Agreement[]> {
    return (await m.getRepository(AgreementEntity).find({ where: { clientId } })).map(agreementOf);
  }

  /** Per claim its principal and age at placement; for the case, its oldest claim's age and its total principal. */
  private async tiers(m: EntityManager, caseId: string): Promise<TierLookup> {
    const rows = (await m.query(
      `SELECT claim_id, principal_minor::text AS principal, to_char(due_date, 'YYYY-MM-DD') AS due, to_char(placed_on, 'YYYY-MM-DD') AS placed
         FROM billing.claims WHERE case_id = $1`,
      [caseId],
    )) as { claim_id: string; principal: string; due: string; placed: string }[];
    const claims = new Map<string, TierFacts>(
      rows.map((r) => [r.claim_id, { ageAtPlacementDays: Math.max(0, daysBetween(r.due, r.placed)), principalMinor: BigInt(r.principal) }]),
    );
    const all = [...claims.values()];
    return {
      claim: (id) => claims.get(id) ?? null,
      case: all.length
        ? {
            ageAtPlacementDays: Math.max(...all.map((c) => c.ageAtPlacementDays)),
            principalMinor: all.reduce((s, c) => s + c.principalMinor, 0n),
          }
        : null,
    };
  }
}

function factsOf(row: PaymentRow): PaymentFacts {
  return {
    paymentId: row.payment_id,
    caseId: row.case_id,
    clientId: row.client_id,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    receivedOn: row.received_on,
    direct: row.direct,
  };
}
