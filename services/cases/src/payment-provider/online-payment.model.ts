import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ONLINE_PAYMENT_STATUSES } from './online-payment';

@ObjectType('OnlinePayment', {
  description:
    'A payment a debtor started online through the payment provider (Mollie) by its pay link; amounts in minor units (cents), as decimal strings',
})
export class OnlinePaymentModel {
  @Field(() => ID) id!: string;
  @Field({ description: 'the payment provider: mollie' }) provider!: string;
  @Field(() => String, { nullable: true, description: "the provider's payment id (tr_…), once it answered" })
  providerPaymentId!: string | null;
  @Field({
    description: `${ONLINE_PAYMENT_STATUSES.join(', ')}: starting until the provider answered, not_started when it refused or did not answer; paid once the money is recorded on the case`,
  })
  status!: string;
  @Field() amountMinor!: string;
  @Field() currency!: string;
  @Field(() => String, { nullable: true, description: "where the debtor pays it (the provider's checkout), while it is open" })
  checkoutUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'bancontact, ideal, creditcard … once the debtor chose' }) method!: string | null;
  @Field(() => String, { nullable: true, description: 'why it did not start, in the provider’s words' }) failure!: string | null;
  @Field(() => ID, { nullable: true, description: 'the payment its money was recorded as on the case' }) paymentId!: string | null;
  @Field(() => Date, { nullable: true }) paidAt!: Date | null;
  @Field({ description: 'refunded through the provider so far' }) refundedMinor!: string;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

@ObjectType('OnlineRefund', { description: 'A refund made through the payment provider' })
export class OnlineRefundModel {
  @Field(() => ID) id!: string;
  @Field({ description: "the provider's refund id (re_…)" }) providerRefundId!: string;
  @Field({ description: "the provider's status: queued, pending, processing, refunded, failed, canceled" }) status!: string;
  @Field({
    description:
      'overpayment (what was paid beyond the debt: the case stays as it is), rest (all that was left: the payment is undone on the case), unrecorded (money that came for a closed case)',
  })
  kind!: string;
  @Field() amountMinor!: string;
  @Field() currency!: string;
  @Field(() => OnlinePaymentModel) onlinePayment!: OnlinePaymentModel;
}
