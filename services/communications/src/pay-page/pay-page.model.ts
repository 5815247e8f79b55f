import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('PayPageBrand', { description: "The client's brand as the debtor's page shows it: its look and how to reach it" })
export class PayPageBrandModel {
  @Field() name!: string;
  @Field({ description: 'who the messages are signed by' }) senderName!: string;
  @Field(() => String, { nullable: true, description: "the logo's URL, as the brand look stores it (updateBrandLook.logoUrl)" }) logoUrl!:
    string | null;
  @Field({ description: '#rrggbb' }) primaryColor!: string;
  @Field({ description: '#rrggbb' }) secondaryColor!: string;
  @Field(() => String, { nullable: true, description: "the brand's reply address" }) email!: string | null;
  @Field(() => String, { nullable: true, description: 'E.164' }) phone!: string | null;
  @Field(() => String, { nullable: true }) website!: string | null;
}

@ObjectType('BankTransfer', { description: 'A SEPA credit transfer to pay the case, with its EPC QR code (EPC069-12) for a banking app' })
export class BankTransferModel {
  @Field({ description: 'the account holder to name' }) beneficiary!: string;
  @Field({ description: 'electronic form, no spaces' }) iban!: string;
  @Field(() => String, { nullable: true }) bic!: string | null;
  @Field({ description: 'the structured reference to quote, as printed on the letters: +++123/4567/89002+++ (OGM) or RF18 5390 0754 7034' })
  reference!: string;
  @Field({ description: 'ogm or rf' }) referenceScheme!: string;
  @Field(() => String, { nullable: true, description: 'minor units (cents) as a decimal string; null: the debtor types the amount' })
  amountMinor!: string | null;
  @Field() currency!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'the EPC QR code as an image: a data URL of its SVG (data:image/svg+xml;base64,…), for an <img src>; null when the case is not in euro',
  })
  qrSvg!: string | null;
}

@ObjectType('PayPageLetter', { description: 'A message sent about the case (letter, e-mail, SMS …), without its body' })
export class PayPageLetterModel {
  @Field(() => ID) id!: string;
  @Field() sentAt!: Date;
  @Field({ description: 'first_reminder, reminder, formal_notice …' }) kind!: string;
  @Field({ description: 'letter, email, sms, whatsapp, registered_email …' }) channel!: string;
  @Field(() => String, { nullable: true, description: 'the subject line, where the message had one' }) subject!: string | null;
  @Field({ description: 'a letter kept as its PDF: payPageLetterPdf gives it' }) hasPdf!: boolean;
}

@ObjectType('DebtorPayPage', {
  description:
    "What communications shows behind a pay link: the brand's look, the bank transfer (with its QR code for an amount the debtor chooses) and the messages sent. The statement is payLink's.",
})
export class DebtorPayPageModel {
  @Field(() => PayPageBrandModel) brand!: PayPageBrandModel;
  @Field({ description: "ISO 639-1: the debtor's language as the case's messages use it" }) language!: string;
  @Field({ description: 'when this link stops working' }) expiresAt!: Date;
  @Field(() => [PayPageLetterModel], { description: 'oldest first' }) letters!: PayPageLetterModel[];
}
