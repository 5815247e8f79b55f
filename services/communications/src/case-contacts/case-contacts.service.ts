import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { instantAt } from '@amicus/calendar';
import type {
  CaseClosedV1,
  CaseHeldV1,
  CaseHoldReleasedV1,
  CaseOpenedV1,
  CasePhaseChangedV1,
  ClaimPlacedV1,
  ClaimsPlacedV1,
  ClaimRecalledV1,
  DebtorSnapshotV1,
  DebtorUpdatedV1,
  EventEnvelope,
  PayLinkIssuedV1,
} from '@amicus/events';
import { payLinkHashOf } from '../pay-page/pay-page';
import { CaseContactEntity } from './case-contact.entity';

/**
 * Keeps the case_contacts read model: a debtor snapshot per case, replaced by every update; and
 * the case's standing. Every handler can run twice with the same outcome.
 */
@Injectable()
export class CaseContactsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async caseOpened(e: EventEnvelope<CaseOpenedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    const d = snapshotColumns(p.debtor);
    // The case's own number when cases sends it (the payment reference is made from it); else one of ours.
    // Its pay link when cases sends one (the messages print it); else none.
    const link = p.payLink ?? null;
    await m.query(
      `INSERT INTO communications.case_contacts
         (case_id, client_id, brand_id, debtor_id, currency, debtor_name, debtor_kind, country, language, time_zone, emails, phones, addresses, preferred_channel, updated_at,
          case_number, pay_link_token, pay_link_hash, pay_link_expires_at, pay_link_issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15,
               coalesce($16::bigint, nextval(pg_get_serial_sequence('communications.case_contacts', 'case_number'))),
               $17, $18, $19, CASE WHEN $17::text IS NULL THEN NULL ELSE $15::timestamptz END)
       ON CONFLICT (case_id) DO NOTHING`,
      [
        p.caseId,
        p.clientId,
        p.brandId,
        p.debtorId,
        p.currency,
        ...d,
        e.occurredAt,
        p.caseNumber ?? null,
        link?.token ?? null,
        link ? payLinkHashOf(link.token) : null,
        link?.expiresAt ?? null,
      ],
    );
  }

  /** The case's new pay link replaces the one kept (cases revoked it); an older event arriving late changes nothing. */
  async payLinkIssued(e: EventEnvelope<PayLinkIssuedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    await m.query(
      `UPDATE communications.case_contacts
          SET pay_link_token = $2, pay_link_hash = $3, pay_link_expires_at = $4, pay_link_issued_at = $5
        WHERE case_id = $1 AND (pay_link_issued_at IS NULL OR pay_link_issued_at <= $5)`,
      [p.caseId, p.token, payLinkHashOf(p.token), p.expiresAt, e.occurredAt],
    );
  }

  /** A newer snapshot replaces the older one; an older event arriving late changes nothing. */
  async debtorUpdated(e: EventEnvelope<DebtorUpdatedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    await m.query(
      `UPDATE communications.case_contacts
          SET debtor_name = $3, debtor_kind = $4, country = $5, language = $6, time_zone = $7, emails = $8, phones = $9,
              addresses = $10::jsonb, preferred_channel = $11, updated_at = $12
        WHERE (case_id = ANY($1::uuid[]) OR debtor_id = $2) AND updated_at <= $12`,
      [p.caseIds, p.debtorId, ...snapshotColumns(p.debtor), e.occurredAt],
    );
  }

  async claimPlaced(e: EventEnvelope<ClaimPlacedV1>, m: EntityManager): Promise<void> {
    await appendClaims(m, e.payload.caseId, [e.payload]);
  }

  /** A placement's claims of one case at once (ClaimsPlaced): the same claims as as many ClaimPlaced. */
  async claimsPlaced(e: EventEnvelope<ClaimsPlacedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    await appendClaims(
      m,
      p.caseId,
      p.claims.map((c) => ({ ...c, currency: p.currency })),
    );
  }

  /**
   * A hold until a date: it ends at the start of that day in the agency's calendar (`timeZone`),
   * as cases' journeys count it. A newer hold event replaces an older one; an older one arriving late changes nothing
   * (answers false).
   */
  async caseHeld(e: EventEnvelope<CaseHeldV1>, timeZone: string, m: EntityManager): Promise<boolean> {
    const p = e.payload;
    const [, applied]: [unknown[], number] = await m.query(
      `UPDATE communications.case_contacts SET hold_until = $2, hold_ends = $3, hold_reason = $4, hold_changed_at = $5
        WHERE case_id = $1 AND (hold_changed_at IS NULL OR hold_changed_at <= $5)`,
      [p.caseId, new Date(instantAt(p.until, 0, timeZone)), p.until, p.reason, e.occurredAt],
    );
    return applied > 0;
  }

  async caseHoldReleased(e: EventEnvelope<CaseHoldReleasedV1>, m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE communications.case_contacts SET hold_until = NULL, hold_ends = NULL, hold_reason = NULL, hold_changed_at = $2
        WHERE case_id = $1 AND (hold_changed_at IS NULL OR hold_changed_at <= $2)`,
      [e.payload.caseId, e.occurredAt],
    );
  }

  /** A case closes once; the first closing stays. */
  async caseClosed(e: EventEnvelope<CaseClosedV1>, m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE communications.case_contacts SET closed_outcome = $2, closed_at = $3, phase = 'closed' WHERE case_id = $1 AND closed_at IS NULL`,
      [e.payload.caseId, e.payload.outcome, e.occurredAt],
    );
  }

  /** The case's phase, for the walls (legal staff read the cases in a legal phase only). */
  async casePhaseChanged(e: EventEnvelope<CasePhaseChangedV1>, m: EntityManager): Promise<void> {
    await m.query(`UPDATE communications.case_contacts SET phase = $2 WHERE case_id = $1`, [e.payload.caseId, e.payload.to]);
  }

  /** Answers whether the recall is new here (a second delivery of it changes nothing). */
  async claimRecalled(e: EventEnvelope<ClaimRecalledV1>, m: EntityManager): Promise<boolean> {
    const [, applied]: [unknown[], number] = await m.query(
      `UPDATE communications.case_contacts SET recalled_claim_ids = array_append(recalled_claim_ids, $2::uuid)
        WHERE case_id = $1 AND NOT ($2::uuid = ANY(recalled_claim_ids))`,
      [e.payload.caseId, e.payload.claimId],
    );
    return applied > 0;
  }

  find(caseId: string, m: EntityManager = this.db.manager): Promise<CaseContactEntity | null> {
    return m.findOneBy(CaseContactEntity, { caseId });
  }
}

function snapshotColumns(d: DebtorSnapshotV1): unknown[] {
  return [d.name, d.kind, d.country, d.language, d.timeZone, d.emails, d.phones, JSON.stringify(d.addresses), d.preferredChannel];
}

/**
 * Appends claims to the case's list as the letters print them, in the order given; a claim the
 * case already lists (the same event handled twice, say) is not added again.
 */
async function appendClaims(
  m: EntityManager,
  caseId: string,
  placed: readonly {
    claimId: string;
    invoiceNumber: string;
    issueDate: string;
    dueDate: string;
    description: string | null;
    principalMinor: string;
    currency: string;
  }[],
): Promise<void> {
  const claims = placed.map((p) => ({
    claimId: p.claimId,
    number: p.invoiceNumber,
    issueDate: p.issueDate,
    dueDate: p.dueDate,
    description: p.description,
    principalMinor: p.principalMinor,
    currency: p.currency,
  }));
  await m.query(
    `UPDATE communications.case_contacts
        SET claims = claims || coalesce(
          (SELECT jsonb_agg(c ORDER BY n) FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(c, n)
            WHERE NOT claims @> jsonb_build_array(jsonb_build_object('claimId', c->'claimId'))), '[]'::jsonb)
      WHERE case_id = $1`,
    [caseId, JSON.stringify(claims)],
  );
}
