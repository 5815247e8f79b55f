import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_STATUSES, isOverdue, MAX_COMPLAINT_TEXT, type Complaint } from './complaint';

@ObjectType('ComplaintAnswer')
export class ComplaintAnswerModel {
  @Field() text!: string;
  @Field() at!: Date;
  @Field({ description: 'kind:id of who answered' }) by!: string;
  @Field({ description: 'answered on or before its due day' }) inTime!: boolean;
}

@ObjectType('ComplaintClosure')
export class ComplaintClosureModel {
  @Field() upheld!: boolean;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field() at!: Date;
  @Field() by!: string;
}

@ObjectType('Complaint', {
  description:
    'A complaint about how a case was handled, routed to the agency admin: answered by dueOn (15 business days), then closed. While it is open the admin decides whether collection pauses.',
})
export class ComplaintModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => ID) brandId!: string;
  @Field({ description: COMPLAINT_CATEGORIES.join(', ') }) category!: string;
  @Field({ description: COMPLAINT_CHANNELS.join(', ') }) channel!: string;
  @Field({ description: 'debtor or client: whose complaint it is (debtor also when an agent recorded it)' }) by!: string;
  @Field() text!: string;
  @Field({ description: COMPLAINT_STATUSES.join(', ') }) status!: string;
  @Field() loggedAt!: Date;
  @Field() loggedBy!: string;
  @Field({ description: 'the day by which the admin answers it' }) dueOn!: string;
  @Field({ description: 'open and past its due day' }) overdue!: boolean;
  @Field({ description: 'the case’s journey pauses while it is open (the admin’s decision)' }) pausesJourney!: boolean;
  @Field(() => ComplaintAnswerModel, { nullable: true }) answer!: ComplaintAnswerModel | null;
  @Field(() => ComplaintClosureModel, { nullable: true }) closure!: ComplaintClosureModel | null;
}

@InputType('LogComplaintInput', {
  description:
    "A complaint on a case: an agent records the debtor's (from a call, an e-mail, a letter …), a client user its own (client_portal), the admin any",
})
export class LogComplaintInput {
  @Field(() => ID) @IsString() caseId!: string;
  @Field({ description: COMPLAINT_CATEGORIES.join(', ') }) @IsString() category!: string;
  @Field(() => String, { nullable: true, description: 'how it reached the agency (a client user’s is client_portal)' })
  @IsOptional()
  @IsString()
  channel?: string | null;
  @Field() @IsString() @MaxLength(MAX_COMPLAINT_TEXT) text!: string;
}

export function complaintModelOf(c: Complaint, today: string): ComplaintModel {
  return {
    id: c.id,
    caseId: c.caseId,
    clientId: c.clientId,
    brandId: c.brandId,
    category: c.category,
    channel: c.channel,
    by: c.by,
    text: c.text,
    status: c.status,
    loggedAt: new Date(c.loggedAt),
    loggedBy: c.loggedBy,
    dueOn: c.dueOn,
    overdue: isOverdue(c, today),
    pausesJourney: c.pausesJourney,
    answer: c.answer ? { ...c.answer, at: new Date(c.answer.at) } : null,
    closure: c.closure ? { ...c.closure, at: new Date(c.closure.at) } : null,
  };
}
