import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsArray, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { STEP_KINDS, type ScenarioStep } from './scenario';
import { conditionsToWire, stepToWire, type ConditionsWire, type SegmentWire, type StepWire } from './scenario-wire';
import type { ScenarioHistoryEntry, StoredVersion } from './scenario-store';
import type { ScenarioWithVersions } from './scenarios.service';

const AMOUNT = 'minor units (cents) of the case’s open amount, as a decimal string';

@ObjectType('ScenarioConditions', { description: 'What a case must be for a step to apply; an absent condition holds' })
export class ScenarioConditionsModel {
  @Field(() => [String], { nullable: true, description: 'consumer, business' }) debtorKinds?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'ISO 3166-1 alpha-2' }) countries?: string[] | null;
  @Field(() => String, { nullable: true, description: `at least, in ${AMOUNT}` }) minOpenMinor?: string | null;
  @Field(() => String, { nullable: true, description: `at most, in ${AMOUNT}` }) maxOpenMinor?: string | null;
  @Field(() => [String], { nullable: true, description: 'segment keys of the client' }) segments?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'only when the debtor did not react to the previous step' }) noReactionToPrevious?:
    boolean | null;
}

@ObjectType('ScenarioStep')
export class ScenarioStepModel {
  @Field({ description: 'stable within the scenario' }) key!: string;
  @Field({ description: STEP_KINDS.join(', ') }) kind!: string;
  @Field({ description: 'email, sms, whatsapp, letter, registered_email, or preferred (the debtor’s own order, with fallback)' })
  channel!: string;
  @Field(() => Int, { description: 'days after the anchor (negative: before the due date)' }) delayDays!: number;
  @Field({ description: 'due_date, placement or previous_step' }) anchor!: string;
  @Field(() => String, { nullable: true, description: 'the template kind it sends (none: the kind’s default)' }) template!: string | null;
  @Field(() => ScenarioConditionsModel) conditions!: ScenarioConditionsModel;
}

@ObjectType('ScenarioVersion', { description: 'One numbered version of a scenario: draft → active → retired' })
export class ScenarioVersionModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) scenarioId!: string;
  @Field(() => Int) number!: number;
  @Field({ description: 'draft, active or retired' }) status!: string;
  @Field(() => [ScenarioStepModel]) steps!: ScenarioStepModel[];
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field(() => String, { nullable: true }) activatedBy!: string | null;
  @Field(() => Date, { nullable: true }) activatedAt!: Date | null;
  @Field(() => Date, { nullable: true }) retiredAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'the client user who approved this version' }) approvedBy!: string | null;
  @Field(() => Date, { nullable: true }) approvedAt!: Date | null;
}

@ObjectType('Scenario', {
  description: "A collection plan: a client's (optionally for one brand or segment), or the agency's default for a jurisdiction",
})
export class ScenarioModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'client or agency' }) ownerKind!: string;
  @Field(() => ID, { nullable: true }) clientId!: string | null;
  @Field(() => ID, { nullable: true }) brandId!: string | null;
  @Field(() => String, { nullable: true }) segment!: string | null;
  @Field(() => String, { nullable: true, description: 'an agency default’s country' }) country!: string | null;
  @Field(() => String, { nullable: true, description: 'an agency default’s debtor kind' }) debtorKind!: string | null;
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field(() => [ScenarioVersionModel]) versions!: ScenarioVersionModel[];
  @Field(() => ScenarioVersionModel, { nullable: true }) activeVersion!: ScenarioVersionModel | null;
}

@ObjectType('ScenarioHistoryEntry', { description: "One entry of a scenario's append-only history" })
export class ScenarioHistoryEntryModel {
  @Field() seq!: string;
  @Field(() => Int, { nullable: true }) version!: number | null;
  @Field({ description: 'admin, client, system …' }) actorKind!: string;
  @Field() actorId!: string;
  @Field() at!: Date;
  @Field({ description: 'seed, create, save_draft, activate, retire, approve' }) action!: string;
  @Field(() => String, { nullable: true, description: 'JSON' }) detail!: string | null;
}

@ObjectType('Segment', { description: "A rule on the case naming its segment; a client's segments apply in order, the first that fits" })
export class SegmentModel {
  @Field() key!: string;
  @Field(() => [String], { nullable: true }) debtorKinds?: string[] | null;
  @Field(() => [String], { nullable: true }) countries?: string[] | null;
  @Field(() => String, { nullable: true, description: `at least, in ${AMOUNT}` }) minOpenMinor?: string | null;
  @Field(() => String, { nullable: true, description: `at most, in ${AMOUNT}` }) maxOpenMinor?: string | null;
}

@InputType('ScenarioConditionsInput')
export class ScenarioConditionsInput implements ConditionsWire {
  @Field(() => [String], { nullable: true }) debtorKinds?: string[] | null;
  @Field(() => [String], { nullable: true }) countries?: string[] | null;
  @Field(() => String, { nullable: true }) minOpenMinor?: string | null;
  @Field(() => String, { nullable: true }) maxOpenMinor?: string | null;
  @Field(() => [String], { nullable: true }) segments?: string[] | null;
  @Field(() => Boolean, { nullable: true }) noReactionToPrevious?: boolean | null;
}

@InputType('ScenarioStepInput')
export class ScenarioStepInput implements StepWire {
  @Field() key!: string;
  @Field({ description: STEP_KINDS.join(', ') }) kind!: string;
  @Field({ description: 'email, sms, whatsapp, letter, registered_email or preferred' }) channel!: string;
  @Field(() => Int) delayDays!: number;
  @Field({ description: 'due_date, placement or previous_step' }) anchor!: string;
  @Field(() => String, { nullable: true }) template?: string | null;
  @Field(() => ScenarioConditionsInput, { nullable: true }) conditions?: ScenarioConditionsInput | null;
}

@InputType('CreateScenarioInput', {
  description:
    "A client's scenario (clientId, optional brandId and segment) or, without clientId, the agency's default for a country and debtor kind",
})
export class CreateScenarioInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() clientId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() brandId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() segment?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() country?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() debtorKind?: string | null;
  @Field() @IsString() @MaxLength(200) name!: string;
  @Field(() => [ScenarioStepInput], { description: 'its first draft' }) @IsArray() steps!: ScenarioStepInput[];
}

@InputType('SaveScenarioDraftInput')
export class SaveScenarioDraftInput {
  @Field(() => ID) @IsUUID() scenarioId!: string;
  @Field(() => [ScenarioStepInput]) @IsArray() steps!: ScenarioStepInput[];
}

@InputType('ScenarioVersionInput')
export class ScenarioVersionInput {
  @Field(() => ID) @IsUUID() versionId!: string;
}

@InputType('SegmentInput')
export class SegmentInput implements SegmentWire {
  @Field() key!: string;
  @Field(() => [String], { nullable: true }) debtorKinds?: string[] | null;
  @Field(() => [String], { nullable: true }) countries?: string[] | null;
  @Field(() => String, { nullable: true }) minOpenMinor?: string | null;
  @Field(() => String, { nullable: true }) maxOpenMinor?: string | null;
}

@InputType('SetSegmentsInput')
export class SetSegmentsInput {
  @Field(() => ID) @IsUUID() clientId!: string;
  @Field(() => [SegmentInput], { description: 'in order: a case is in the first that fits' }) @IsArray() segments!: SegmentInput[];
}

export function stepModelOf(s: ScenarioStep): ScenarioStepModel {
  const w = stepToWire(s);
  return {
    key: w.key,
    kind: w.kind,
    channel: w.channel,
    delayDays: w.delayDays,
    anchor: w.anchor,
    template: w.template ?? null,
    conditions: conditionsToWire(s.conditions),
  };
}

export function versionModelOf(v: StoredVersion): ScenarioVersionModel {
  const { approval, steps, ...rest } = v;
  return { ...rest, steps: steps.map(stepModelOf), approvedBy: approval?.by ?? null, approvedAt: approval?.at ?? null };
}

export function scenarioModelOf(s: ScenarioWithVersions): ScenarioModel {
  const o = s.owner;
  const versions = s.versions.map(versionModelOf);
  return {
    id: s.id,
    name: s.name,
    ownerKind: o.kind,
    clientId: o.kind === 'client' ? o.clientId : null,
    brandId: o.kind === 'client' ? o.brandId : null,
    segment: o.kind === 'client' ? o.segment : null,
    country: o.kind === 'agency' ? o.country : null,
    debtorKind: o.kind === 'agency' ? o.debtorKind : null,
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    versions,
    activeVersion: versions.find((v) => v.status === 'active') ?? null,
  };
}

export const historyModelOf = (h: ScenarioHistoryEntry): ScenarioHistoryEntryModel => ({
  ...h,
  detail: h.detail === null || h.detail === undefined ? null : JSON.stringify(h.detail),
});
