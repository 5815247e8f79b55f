import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Agreement } from './agreement';

@ObjectType('Agreement', { description: 'What a client pays the agency' })
export class AgreementModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => Int, { description: 'Commission in basis points of the amount collected' }) commissionBp!: number;
  @Field({ description: 'Fixed fee per case, minor units' }) feePerCaseMinor!: string;
  @Field() currency!: string;
  @Field({ description: 'First day the agreement applies (YYYY-MM-DD)' }) validFrom!: string;
}

/** Amounts cross GraphQL as decimal strings of minor units, as everywhere in the API. */
export function agreementModelOf(a: Agreement): AgreementModel {
  return {
    id: a.id,
    clientId: a.clientId,
    commissionBp: a.commissionBp,
    feePerCaseMinor: a.feePerCase.amountMinor.toString(),
    currency: a.feePerCase.currency,
    validFrom: a.validFrom,
  };
}
