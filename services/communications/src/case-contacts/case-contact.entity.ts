import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseOutcome } from '@amicus/events';
import type { CaseClaim, CaseAddress } from './case-contact';

/**
 * The debtor of one case as cases last described it, and the case's standing (read model of CaseOpened, DebtorUpdated,
 * ClaimPlaced, CaseHeld, CaseHoldReleased, CaseClosed, ClaimRecalled, PayLinkIssued).
 */
@Entity({ name: 'case_contacts' })
export class CaseContactEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId!: string;
  @Column('uuid', { name: 'client_id' }) clientId!: string;
  @Column('uuid', { name: 'brand_id', nullable: true }) brandId!: string | null;
  @Column('uuid', { name: 'debtor_id' }) debtorId!: string;
  /** Sequence number of the case here: its structured payment reference and printed reference. */
  @Column({ type: 'bigint', name: 'case_number', insert: false, update: false }) caseNumber!: string;
  @Column('text') currency!: string;
  @Column('text', { name: 'debtor_name' }) debtorName!: string;
  @Column('text', { name: 'debtor_kind' }) debtorKind!: 'consumer' | 'business';
  @Column('text') country!: string;
  @Column('text') language!: string;
  @Column('text', { name: 'time_zone' }) timeZone!: string;
  @Column('text', { array: true }) emails!: string[];
  @Column('text', { array: true }) phones!: string[];
  @Column('jsonb') addresses!: CaseAddress[];
  @Column('text', { name: 'preferred_channel', nullable: true }) preferredChannel!: string | null;
  @Column('jsonb') claims!: CaseClaim[];
  // Not fed by events yet (cases owns disputes and plans): see the migration.
  @Column('boolean', { name: 'dispute_open' }) disputeOpen!: boolean;
  @Column('boolean', { name: 'payment_plan_kept' }) paymentPlanKept!: boolean;
  /** The case's hold (CaseHeld, until CaseHoldReleased): `holdUntil` is the start of `holdEnds` in the agency's calendar. */
  @Column('timestamptz', { name: 'hold_until', nullable: true }) holdUntil!: Date | null;
  @Column('date', { name: 'hold_ends', nullable: true }) holdEnds!: string | null;
  @Column('text', { name: 'hold_reason', nullable: true }) holdReason!: string | null;
  /** The case closed (CaseClosed): nothing more is sent about it. */
  @Column('text', { name: 'closed_outcome', nullable: true }) closedOutcome!: CaseOutcome | null;
  /** The claims the client took back (ClaimRecalled): on no later communication. */
  @Column('uuid', { name: 'recalled_claim_ids', array: true }) recalledClaimIds!: string[];
  /**
   * The case's pay link as cases last issued it (CaseOpened, PayLinkIssued): the token its
   * messages print (every message sent keeps it in its evidence anyway), its SHA-256 the pay
   * page looks it up by, and its expiry. Null: cases sent none (a case opened before pay links).
   */
  @Column('text', { name: 'pay_link_token', nullable: true }) payLinkToken!: string | null;
  @Column('text', { name: 'pay_link_hash', nullable: true }) payLinkHash!: string | null;
  @Column('timestamptz', { name: 'pay_link_expires_at', nullable: true }) payLinkExpiresAt!: Date | null;
  /** The case's phase (CaseOpened, CasePhaseChanged, CaseClosed); null for a copy made before it was kept. The walls ask it. */
  @Column({ type: 'text', nullable: true, insert: false }) phase!: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
