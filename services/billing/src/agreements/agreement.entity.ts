import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { minorUnitsColumn } from '@amicus/service-runtime';
import type { Agreement, AgreementStatus, AgreementTerms, FeeKind } from './agreement';

/** The terms as stored (jsonb): amounts and band bounds as decimal strings, never JSON numbers. */
export interface AgreementTermsJson {
  currency: string;
  commission: { tieredBy: string; bands: { from: string; principalBp: number; interestBp: number; costsBp: number }[] };
  fees: Record<FeeKind, string>;
  monthlyMinimum: string;
  collectionCostsKeptBy: string;
  remittancePeriod: string;
  payoutIban: string;
  vat: { kind: string; rateBp?: number; country?: string; vatNumber?: string | null; mention?: string };
}

/** One version of what a client pays the agency. */
@Entity({ name: 'agreements' })
export class AgreementEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'client_id' }) clientId!: string;
  @Column('int') version!: number;
  @Column('text') status!: AgreementStatus;
  /** The first band's principal rate, kept from the first slice (the terms hold them all). */
  @Column('int', { name: 'commission_bp' }) commissionBp!: number;
  /** The fee per case opened, kept from the first slice. */
  @Column('bigint', { name: 'fee_per_case_minor', default: 0, transformer: minorUnitsColumn }) feePerCaseMinor!: bigint;
  @Column('char', { length: 3, default: 'EUR' }) currency!: string;
  @Column('date', { name: 'valid_from' }) validFrom!: string;
  @Column('date', { name: 'valid_to', nullable: true }) validTo!: string | null;
  @Column('jsonb') terms!: AgreementTermsJson;
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @Column('text', { name: 'approved_by', nullable: true }) approvedBy!: string | null;
  @Column('timestamptz', { name: 'approved_at', nullable: true }) approvedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

export function termsJsonOf(t: AgreementTerms): AgreementTermsJson {
  return {
    currency: t.currency,
    commission: {
      tieredBy: t.commission.tieredBy,
      bands: t.commission.bands.map((b) => ({ from: b.from.toString(), ...b.rates })),
    },
    fees: {
      caseOpened: t.fees.caseOpened.toString(),
      letter: t.fees.letter.toString(),
      registeredLetter: t.fees.registeredLetter.toString(),
      call: t.fees.call.toString(),
      success: t.fees.success.toString(),
    },
    monthlyMinimum: t.monthlyMinimum.toString(),
    collectionCostsKeptBy: t.collectionCostsKeptBy,
    remittancePeriod: t.remittancePeriod,
    payoutIban: t.payoutIban,
    vat: { ...t.vat },
  };
}

/** The stored terms back as the domain's (they were checked when written). */
export function termsOf(j: AgreementTermsJson): AgreementTerms {
  const fee = (k: FeeKind) => BigInt(j.fees[k] ?? '0');
  return {
    currency: j.currency,
    commission: {
      tieredBy: j.commission.tieredBy as AgreementTerms['commission']['tieredBy'],
      bands: j.commission.bands.map((b) => ({
        from: BigInt(b.from),
        rates: { principalBp: b.principalBp, interestBp: b.interestBp, costsBp: b.costsBp },
      })),
    },
    fees: {
      caseOpened: fee('caseOpened'),
      letter: fee('letter'),
      registeredLetter: fee('registeredLetter'),
      call: fee('call'),
      success: fee('success'),
    },
    monthlyMinimum: BigInt(j.monthlyMinimum),
    collectionCostsKeptBy: j.collectionCostsKeptBy as AgreementTerms['collectionCostsKeptBy'],
    remittancePeriod: j.remittancePeriod as AgreementTerms['remittancePeriod'],
    payoutIban: j.payoutIban,
    vat:
      j.vat.kind === 'reverse_charge'
        ? { kind: 'reverse_charge', country: j.vat.country ?? '', vatNumber: j.vat.vatNumber ?? '', mention: j.vat.mention ?? '' }
        : { kind: 'be_standard', rateBp: j.vat.rateBp ?? 2100, vatNumber: j.vat.vatNumber ?? null },
  };
}

export function agreementOf(row: AgreementEntity): Agreement {
  return {
    id: row.id,
    clientId: row.clientId,
    version: row.version,
    status: row.status,
    validFrom: row.validFrom,
    validTo: row.validTo,
    terms: termsOf(row.terms),
    createdBy: row.createdBy,
    approvedBy: row.approvedBy,
  };
}

/** The row of a version (the first slice's columns filled from the terms). */
export function agreementRowOf(a: Agreement): Omit<AgreementEntity, 'createdAt' | 'approvedAt'> {
  return {
    id: a.id,
    clientId: a.clientId,
    version: a.version,
    status: a.status,
    commissionBp: a.terms.commission.bands[0]?.rates.principalBp ?? 0,
    feePerCaseMinor: a.terms.fees.caseOpened,
    currency: a.terms.currency,
    validFrom: a.validFrom,
    validTo: a.validTo,
    terms: termsJsonOf(a.terms),
    createdBy: a.createdBy,
    approvedBy: a.approvedBy,
  };
}
