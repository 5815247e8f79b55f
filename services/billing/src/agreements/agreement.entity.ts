import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { minorUnitsColumn } from '@amicus/service-runtime';
import type { Agreement } from './agreement';

/** What a client pays the agency: commission on what is collected, fixed fees. */
@Entity({ name: 'agreements' })
export class AgreementEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'client_id' }) clientId!: string;
  /** Commission in basis points of the amount collected (1500 = 15 %). */
  @Column('int', { name: 'commission_bp' }) commissionBp!: number;
  @Column('bigint', { name: 'fee_per_case_minor', default: 0, transformer: minorUnitsColumn }) feePerCaseMinor!: bigint;
  @Column('char', { length: 3, default: 'EUR' }) currency!: string;
  @Column('date', { name: 'valid_from' }) validFrom!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

export function agreementOf(row: AgreementEntity): Agreement {
  return {
    id: row.id,
    clientId: row.clientId,
    commissionBp: row.commissionBp,
    feePerCase: { amountMinor: row.feePerCaseMinor, currency: row.currency },
    validFrom: row.validFrom,
  };
}
