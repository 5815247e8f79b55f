import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { COSTS_KEEPERS, REMITTANCE_PERIODS, TIER_BASES, type Agreement } from './agreement';

@ObjectType('CommissionBand', {
  description: 'Commission in basis points of each part collected, from a claim age (days) or amount (minor units) on',
})
export class CommissionBandModel {
  @Field({ description: 'Where the band starts: days of claim age at placement, or minor units of claim principal; 0 for the first' })
  from!: string;
  @Field(() => Int) principalBp!: number;
  @Field(() => Int) interestBp!: number;
  @Field(() => Int, { description: 'On recovered collection costs, when the client keeps them' }) costsBp!: number;
}

@ObjectType('AgreementFees', { description: 'Fixed fees in minor units, VAT excluded' })
export class AgreementFeesModel {
  @Field() caseOpenedMinor!: string;
  @Field() letterMinor!: string;
  @Field() registeredLetterMinor!: string;
  @Field() callMinor!: string;
  @Field({ description: 'Once when a case is paid in full' }) successMinor!: string;
}

@ObjectType('AgreementVat', { description: 'How VAT is charged on commission and fees' })
export class AgreementVatModel {
  @Field({ description: 'be_standard (Belgian 21 %) or reverse_charge (a business client in another member state)' }) kind!: string;
  @Field(() => Int, { description: 'VAT rate in basis points (2100 = 21 %; 0 under reverse charge)' }) rateBp!: number;
  @Field(() => String, { nullable: true }) country!: string | null;
  @Field(() => String, { nullable: true }) vatNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'The legal mention printed on the invoice under reverse charge' }) mention!:
    string | null;
}

@ObjectType('Agreement', { description: 'What a client pays the agency: one version, in force from validFrom to validTo once approved' })
export class AgreementModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => Int, { description: '1, 2, … per client' }) version!: number;
  @Field({ description: 'draft or approved' }) status!: string;
  @Field({ description: 'First day the agreement applies (YYYY-MM-DD)' }) validFrom!: string;
  @Field(() => String, { nullable: true, description: 'Last day it applies, inclusive (YYYY-MM-DD); null while it is the latest' })
  validTo!: string | null;
  @Field() currency!: string;
  @Field({ description: TIER_BASES.join(', ') }) tieredBy!: string;
  @Field(() => [CommissionBandModel]) bands!: CommissionBandModel[];
  @Field(() => Int, { description: 'Commission in basis points of the principal collected (the first band)' }) commissionBp!: number;
  @Field({ description: 'Fixed fee per case opened, minor units' }) feePerCaseMinor!: string;
  @Field(() => AgreementFeesModel) fees!: AgreementFeesModel;
  @Field({ description: 'The least the client pays in commission and fees per month, minor units' }) monthlyMinimumMinor!: string;
  @Field({ description: `Who keeps the debtor's collection costs: ${COSTS_KEEPERS.join(', ')}` }) collectionCostsKeptBy!: string;
  @Field({ description: REMITTANCE_PERIODS.join(', ') }) remittancePeriod!: string;
  @Field() payoutIban!: string;
  @Field(() => AgreementVatModel) vat!: AgreementVatModel;
  @Field() createdBy!: string;
  @Field(() => String, { nullable: true }) approvedBy!: string | null;
}

/** Amounts cross GraphQL as decimal strings of minor units, as everywhere in the API. */
export function agreementModelOf(a: Agreement): AgreementModel {
  const t = a.terms;
  return {
    id: a.id,
    clientId: a.clientId,
    version: a.version,
    status: a.status,
    validFrom: a.validFrom,
    validTo: a.validTo,
    currency: t.currency,
    tieredBy: t.commission.tieredBy,
    bands: t.commission.bands.map((b) => ({ from: b.from.toString(), ...b.rates })),
    commissionBp: t.commission.bands[0]?.rates.principalBp ?? 0,
    feePerCaseMinor: t.fees.caseOpened.toString(),
    fees: {
      caseOpenedMinor: t.fees.caseOpened.toString(),
      letterMinor: t.fees.letter.toString(),
      registeredLetterMinor: t.fees.registeredLetter.toString(),
      callMinor: t.fees.call.toString(),
      successMinor: t.fees.success.toString(),
    },
    monthlyMinimumMinor: t.monthlyMinimum.toString(),
    collectionCostsKeptBy: t.collectionCostsKeptBy,
    remittancePeriod: t.remittancePeriod,
    payoutIban: t.payoutIban,
    vat:
      t.vat.kind === 'be_standard'
        ? { kind: t.vat.kind, rateBp: t.vat.rateBp, country: 'BE', vatNumber: t.vat.vatNumber, mention: null }
        : { kind: t.vat.kind, rateBp: 0, country: t.vat.country, vatNumber: t.vat.vatNumber, mention: t.vat.mention },
    createdBy: a.createdBy,
    approvedBy: a.approvedBy,
  };
}

@InputType('CommissionBandInput')
export class CommissionBandInput {
  @Field({ defaultValue: '0', description: 'days of claim age at placement, or minor units of claim principal; 0 for the first band' })
  from!: string;
  @Field(() => Int) principalBp!: number;
  @Field(() => Int) interestBp!: number;
  @Field(() => Int, { defaultValue: 0 }) costsBp!: number;
}

@InputType('AgreementFeesInput', { description: 'Fixed fees in minor units, VAT excluded; 0 when left out' })
export class AgreementFeesInput {
  @Field({ nullable: true }) caseOpened?: string;
  @Field({ nullable: true }) letter?: string;
  @Field({ nullable: true }) registeredLetter?: string;
  @Field({ nullable: true }) call?: string;
  @Field({ nullable: true }) success?: string;
}

@InputType('AgreementVatInput')
export class AgreementVatInput {
  @Field({ description: 'be_standard or reverse_charge' }) kind!: string;
  @Field(() => String, { nullable: true, description: "The client's member state (reverse_charge)" }) country?: string | null;
  @Field(() => String, { nullable: true, description: "The client's VAT number with its country prefix (required for reverse_charge)" })
  vatNumber?: string | null;
}

@InputType('AgreementVersionInput', { description: 'A new version of a client’s agreement, a draft until approved' })
export class AgreementVersionInput {
  @Field(() => ID) clientId!: string;
  @Field({ description: 'First day it applies (YYYY-MM-DD), after the version in force' }) validFrom!: string;
  @Field({ defaultValue: 'EUR' }) currency!: string;
  @Field({ defaultValue: 'none', description: TIER_BASES.join(', ') }) tieredBy!: string;
  @Field(() => [CommissionBandInput]) bands!: CommissionBandInput[];
  @Field(() => AgreementFeesInput, { nullable: true }) fees?: AgreementFeesInput | null;
  @Field(() => String, { nullable: true }) monthlyMinimumMinor?: string | null;
  @Field({ defaultValue: 'agency', description: COSTS_KEEPERS.join(', ') }) collectionCostsKeptBy!: string;
  @Field({ defaultValue: 'monthly', description: REMITTANCE_PERIODS.join(', ') }) remittancePeriod!: string;
  @Field() payoutIban!: string;
  @Field(() => AgreementVatInput) vat!: AgreementVatInput;
}
