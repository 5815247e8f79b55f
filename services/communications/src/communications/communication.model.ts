import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsIn, IsUUID } from 'class-validator';
import { COMMUNICATION_KINDS, SENDING_CHANNELS } from '@amicus/contact';

@ObjectType('DeliveryStatusEntry', { description: 'One step of a communication delivery history' })
export class DeliveryStatusEntryModel {
  @Field() status!: string;
  @Field() at!: Date;
  @Field() detail!: string;
  @Field(() => Date, { nullable: true }) notBefore!: Date | null;
  @Field(() => String, { nullable: true, description: 'What a refused communication waits for: time, dispute_resolved, opt_in …' })
  waitsFor!: string | null;
  @Field(() => String, { nullable: true, description: 'The rule behind a refusal' }) rule!: string | null;
  @Field({ description: 'A receipt that arrived late or twice and changed nothing' }) ignored!: boolean;
}

@ObjectType('CommunicationRefusal', { description: 'Why the contact rules refused to send, and until when' })
export class CommunicationRefusalModel {
  @Field() code!: string;
  @Field() reason!: string;
  @Field(() => String, { nullable: true }) rule!: string | null;
  @Field(() => Date, { nullable: true }) notBefore!: Date | null;
  @Field() waitsFor!: string;
}

@ObjectType('CommunicationEvidence', { description: 'Exactly what was sent, kept for a court file' })
export class CommunicationEvidenceModel {
  @Field() channel!: string;
  @Field() recipient!: string;
  @Field() sentAt!: Date;
  @Field(() => ID, { nullable: true }) templateVersionId!: string | null;
  @Field({ description: 'brand, agency or built_in' }) templateSource!: string;
  @Field({ description: 'The legal check that allowed it (JSON)' }) legalDecision!: string;
  @Field({ description: 'The data the template was rendered with, as it was at sending (JSON)' }) context!: string;
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field(() => String, { nullable: true }) html!: string | null;
  @Field(() => String, { nullable: true }) text!: string | null;
  @Field(() => String, { nullable: true }) sms!: string | null;
  @Field({ description: 'Media type of the exact bytes that left (message/rfc822, application/json, application/pdf)' })
  sentMediaType!: string;
  @Field({ description: 'The exact bytes that left, base64' }) sentBase64!: string;
  @Field({ description: 'SHA-256 of those bytes, hex' }) sha256!: string;
}

@ObjectType('Communication', { description: 'One communication to a debtor, its delivery status and proof' })
export class CommunicationModel {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) requestId!: string | null;
  @Field(() => ID) caseId!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => ID, { nullable: true }) brandId!: string | null;
  @Field() kind!: string;
  @Field({ description: 'The channel asked for, or preferred' }) requestedChannel!: string;
  @Field(() => String, { nullable: true }) channel!: string | null;
  @Field(() => String, { nullable: true }) language!: string | null;
  @Field() status!: string;
  @Field(() => String, { nullable: true }) recipient!: string | null;
  @Field(() => ID, { nullable: true }) templateVersionId!: string | null;
  @Field(() => Date, { nullable: true, description: 'When a scheduled communication goes on its own' }) notBefore!: Date | null;
  @Field(() => CommunicationRefusalModel, { nullable: true }) refusal!: CommunicationRefusalModel | null;
  @Field(() => String, { nullable: true, description: 'The legal check of the last decision (JSON)' }) legalDecision!: string | null;
  @Field(() => Int) attempts!: number;
  @Field(() => ID, { nullable: true }) fallbackOf!: string | null;
  @Field(() => String, { nullable: true }) providerMessageId!: string | null;
  @Field() requestedBy!: string;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) sentAt!: Date | null;
  @Field(() => [DeliveryStatusEntryModel]) history!: DeliveryStatusEntryModel[];
}

@InputType()
export class SendCommunicationInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field() @IsIn([...COMMUNICATION_KINDS]) kind!: string;
  @Field({ description: "email, sms, whatsapp, letter, registered_email, or preferred (the debtor's order, with fallback)" })
  @IsIn([...SENDING_CHANNELS, 'preferred'])
  channel!: string;
}
