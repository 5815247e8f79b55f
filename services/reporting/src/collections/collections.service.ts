import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, PaymentAllocatedV1, PaymentReversedV1 } from '@amicus/events';
import { PaymentRecord, UNSEEN_PAYMENT, applyPaymentFact, collectedDelta, countedOf, type PaymentFact } from './collected';
import { applyToCase, lockCase } from '../portfolio/case-store';
import type { CaseFact } from '../portfolio/portfolio';

/**
 * Keeps collected money from the payment events, in the consumer's transaction: each payment's
 * register (collected.ts) and the principal it counts for per claim, and the case's figures moved
 * by the difference.
 */
@Injectable()
export class CollectionsService {
  async paymentAllocated(e: EventEnvelope<PaymentAllocatedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    await this.apply(m, p.caseId, p.paymentId, {
      kind: 'allocated',
      version: {
        at: e.occurredAt,
        eventId: e.id,
        receivedOn: p.receivedOn,
        parts: {
          costsMinor: BigInt(p.allocation.costsMinor),
          interestMinor: BigInt(p.allocation.interestMinor),
          principal: p.allocation.principal.map((c) => ({ claimId: c.claimId, amountMinor: BigInt(c.amountMinor) })),
        },
      },
    });
  }

  /** A payment undone: it counts for nothing any more; a case it had paid is open again. */
  async paymentReversed(e: EventEnvelope<PaymentReversedV1>, m: EntityManager): Promise<void> {
    await this.apply(m, e.payload.caseId, e.payload.paymentId, { kind: 'reversed' }, e.payload.reopened ? [{ kind: 'reopened' }] : []);
  }

  private async apply(m: EntityManager, caseId: string, paymentId: string, fact: PaymentFact, first: CaseFact[] = []): Promise<void> {
    const c = await lockCase(m, caseId);
    const before = await lockPayment(m, paymentId);
    const after = applyPaymentFact(before, fact);
    await savePayment(m, caseId, paymentId, after);
    await applyToCase(m, c, ...first, { kind: 'collected', delta: collectedDelta(before, after) });
  }
}

interface PaymentRow {
  allocated_at: Date | null;
  allocation_event_id: string | null;
  received_on: string | null;
  costs_minor: string;
  interest_minor: string;
  principal: { claimId: string; amountMinor: string }[];
  reversed: boolean;
}

async function lockPayment(m: EntityManager, paymentId: string): Promise<PaymentRecord> {
  const [r] = (await m.query(
    `SELECT allocated_at, allocation_event_id, received_on::text AS received_on, costs_minor, interest_minor, principal, reversed
       FROM reporting.portfolio_payments WHERE payment_id = $1 FOR UPDATE`,
    [paymentId],
  )) as PaymentRow[];
  if (!r) return UNSEEN_PAYMENT;
  return {
    reversed: r.reversed,
    latest:
      r.allocated_at && r.allocation_event_id && r.received_on
        ? {
            at: r.allocated_at.toISOString(),
            eventId: r.allocation_event_id,
            receivedOn: r.received_on,
            parts: {
              costsMinor: BigInt(r.costs_minor),
              interestMinor: BigInt(r.interest_minor),
              principal: r.principal.map((c) => ({ claimId: c.claimId, amountMinor: BigInt(c.amountMinor) })),
            },
          }
        : null,
  };
}

/** The payment's register as it stands, and the principal it counts for on each claim (none once reversed). */
async function savePayment(m: EntityManager, caseId: string, paymentId: string, r: PaymentRecord): Promise<void> {
  const v = r.latest;
  await m.query(
    `INSERT INTO reporting.portfolio_payments
       (payment_id, case_id, allocated_at, allocation_event_id, received_on, costs_minor, interest_minor, principal, reversed)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (payment_id) DO UPDATE SET allocated_at = $3, allocation_event_id = $4, received_on = $5, costs_minor = $6,
       interest_minor = $7, principal = $8, reversed = $9`,
    [
      paymentId,
      caseId,
      v?.at ?? null,
      v?.eventId ?? null,
      v?.receivedOn ?? null,
      (v?.parts.costsMinor ?? 0n).toString(),
      (v?.parts.interestMinor ?? 0n).toString(),
      JSON.stringify((v?.parts.principal ?? []).map((c) => ({ claimId: c.claimId, amountMinor: c.amountMinor.toString() }))),
      r.reversed,
    ],
  );
  await m.query(`DELETE FROM reporting.payment_principal_parts WHERE payment_id = $1`, [paymentId]);
  const counted = countedOf(r);
  // One row per claim: a claim named twice in an allocation counts once, with both parts.
  const perClaim = new Map<string, bigint>();
  for (const part of counted.principal) perClaim.set(part.claimId, (perClaim.get(part.claimId) ?? 0n) + part.amountMinor);
  for (const [claimId, amount] of perClaim)
    await m.query(
      `INSERT INTO reporting.payment_principal_parts (payment_id, claim_id, case_id, received_on, amount_minor) VALUES ($1, $2, $3, $4, $5)`,
      [paymentId, claimId, caseId, counted.receivedOn, amount.toString()],
    );
}
