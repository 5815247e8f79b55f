import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { LetterDocument } from '../rendering/letter';
import { TEMPLATE_CHANNELS, TEMPLATE_KINDS, TEMPLATE_LANGUAGES } from './template-kinds';

@ObjectType('TemplateVersion', {
  description: "One version of a template (a brand's override, or the agency default when brandId is null)",
})
export class TemplateVersionModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) templateId!: string;
  @Field(() => ID, { nullable: true }) brandId!: string | null;
  @Field() kind!: string;
  @Field() language!: string;
  @Field() channel!: string;
  @Field(() => Int) version!: number;
  @Field({ description: 'draft, active or retired' }) status!: string;
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field(() => String, { nullable: true }) html!: string | null;
  @Field(() => String, { nullable: true }) text!: string | null;
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) activatedAt!: Date | null;
  @Field(() => Date, { nullable: true }) retiredAt!: Date | null;
}

@InputType()
export class CreateTemplateVersionInput {
  @Field(() => ID, { nullable: true, description: 'The brand it overrides; absent: the agency default set' })
  @IsOptional()
  @IsUUID()
  brandId?: string;
  @Field() @IsIn([...TEMPLATE_KINDS]) kind!: string;
  @Field() @IsIn([...TEMPLATE_LANGUAGES]) language!: string;
  @Field() @IsIn([...TEMPLATE_CHANNELS]) channel!: string;
  @Field({ nullable: true, description: 'E-mail subject' }) @IsOptional() @IsString() @MaxLength(500) subject?: string;
  @Field({ nullable: true, description: 'HTML body (e-mail, letter)' }) @IsOptional() @IsString() @MaxLength(200_000) html?: string;
  @Field({ nullable: true, description: 'Plain text (e-mail text part, SMS)' }) @IsOptional() @IsString() @MaxLength(50_000) text?: string;
}

@ObjectType('TemplateProblem', { description: 'Why a version cannot be activated or rendered' })
export class TemplateProblemModel {
  @Field() code!: string;
  @Field() message!: string;
  @Field(() => String, { nullable: true }) variable!: string | null;
  @Field(() => String, { nullable: true, description: 'The legal mention missing, e.g. BE-A-1.registration' }) mentionId!: string | null;
  @Field(() => Int, { nullable: true }) line!: number | null;
}

@ObjectType('TemplatePreview', { description: 'What the debtor would receive from a template version' })
export class TemplatePreviewModel {
  @Field() channel!: string;
  @Field({ description: 'Whether it could be activated as it is' }) valid!: boolean;
  @Field(() => [TemplateProblemModel]) problems!: TemplateProblemModel[];
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field(() => String, { nullable: true, description: 'E-mail HTML, or the letter page HTML' }) html!: string | null;
  @Field(() => String, { nullable: true }) text!: string | null;
  @Field(() => Int, { nullable: true }) smsSegments!: number | null;
  @Field(() => String, { nullable: true, description: 'GSM-7 or UCS-2' }) smsEncoding!: string | null;
  /** A letter's page, for its pdfBase64 (rendered only when asked for). Not a GraphQL field. */
  letter?: LetterDocument;
}

@InputType({ description: 'An unsaved template text to preview (templateDraftPreview)' })
export class TemplateDraftPreviewInput {
  @Field(() => ID, { nullable: true, description: 'The brand it would override; absent: the agency default set' })
  @IsOptional()
  @IsUUID()
  brandId?: string;
  @Field() @IsString() kind!: string;
  @Field() @IsString() language!: string;
  @Field(() => String, { nullable: true, description: 'email, sms or letter (default: letter)' })
  @IsOptional()
  @IsString()
  channel?: string;
  @Field(() => String, { nullable: true, description: 'E-mail subject' }) @IsOptional() @IsString() subject?: string;
  @Field({ description: "Handlebars: the letter's or e-mail's HTML body, or the SMS text (at most 100 kB)" }) @IsString() body!: string;
  @Field(() => String, { nullable: true, description: "An e-mail's plain-text part" }) @IsOptional() @IsString() text?: string;
  @Field(() => ID, { nullable: true, description: "A real case to render it for (the brand's own); absent: the sample case" })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

@ObjectType('DefaultTemplate', {
  description: 'The text a brand without its own version is sent: the agency default (its active version, else the built-in text)',
})
export class DefaultTemplateModel {
  @Field() kind!: string;
  @Field() language!: string;
  @Field() channel!: string;
  @Field({ description: 'agency (its active version) or built_in' }) source!: string;
  @Field(() => ID, { nullable: true }) versionId!: string | null;
  @Field(() => Int, { nullable: true }) version!: number | null;
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field(() => String, { nullable: true }) html!: string | null;
  @Field(() => String, { nullable: true }) text!: string | null;
}
