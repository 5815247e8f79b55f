import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseClaim, CaseAddress } from './case-contact';

/** The debtor of one case as cases last described it (read model of CaseOpened, DebtorUpdated, ClaimPlaced). */
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
  // Not fed by events yet (cases owns disputes, plans and holds): see the migration.
  @Column('boolean', { name: 'dispute_open' }) disputeOpen!: boolean;
  @Column('boolean', { name: 'payment_plan_kept' }) paymentPlanKept!: boolean;
  @Column('timestamptz', { name: 'hold_until', nullable: true }) holdUntil!: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
