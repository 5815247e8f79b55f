import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LegalCheckModel } from '../assessment/assessment.model';
import { ScenarioStepModel, stepModelOf } from '../scenarios/scenario.model';
import type { LegalAnswer } from './journey';
import type { RequestAmounts } from './journey-plan';
import type { CaseJourney } from './case-journey';
import type { GoingOut, HeldBack, OutgoingReport } from './outgoing';
import type { ScenarioSimulation } from './simulation.service';

@ObjectType('StepAmounts', { description: "The statement of the case on the step's day, in minor units (cents) as decimal strings" })
export class StepAmountsModel {
  @Field() currency!: string;
  @Field() principalMinor!: string;
  @Field() interestMinor!: string;
  @Field({ description: 'the damages the law allows by then' }) damagesMinor!: string;
  @Field() costsMinor!: string;
  @Field() paidMinor!: string;
  @Field() totalMinor!: string;
}

@ObjectType('OutgoingStep', {
  description: 'A step that goes out: what, to which case, on which channel, with which amounts, and the legal answer',
})
export class OutgoingStepModel {
  @Field(() => ID) caseId!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => ID) brandId!: string;
  @Field() debtorName!: string;
  @Field(() => String, { nullable: true }) scenarioName!: string | null;
  @Field(() => ScenarioStepModel) step!: ScenarioStepModel;
  @Field({
    description:
      "the step's channel (preferred: the debtor's own order, decided when sending); phone for a call task, legal_review for a review",
  })
  channel!: string;
  @Field(() => String, { nullable: true, description: 'the template kind it sends (none for a call task or a review)' }) template!:
    string | null;
  @Field({ description: 'when the step falls due' }) dueAt!: Date;
  @Field(() => StepAmountsModel, { nullable: true }) amounts!: StepAmountsModel | null;
  @Field(() => LegalCheckModel, { description: "the legal engine's answer about this exact step" }) decision!: LegalCheckModel;
}

@ObjectType('HeldBackStep', { description: 'A step due that will not go out, why, and from when it may' })
export class HeldBackStepModel {
  @Field(() => ID) caseId!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => ID) brandId!: string;
  @Field() debtorName!: string;
  @Field(() => String, { nullable: true }) scenarioName!: string | null;
  @Field(() => ScenarioStepModel, { nullable: true }) step!: ScenarioStepModel | null;
  @Field({ description: 'wait (refused until a date), pause (on hold), review (an agent decides) or stop (the journey ends)' })
  outcome!: string;
  @Field(() => String, { nullable: true, description: 'the legal rule that refused it, e.g. BE-C-4' }) rule!: string | null;
  @Field(() => String, { nullable: true }) source!: string | null;
  @Field() reason!: string;
  @Field(() => String, { nullable: true, description: 'from when it may go out (ISO instant); none when it will not by itself' })
  earliestAt!: string | null;
  @Field({ description: 'when the step fell due' }) dueAt!: Date;
}

@ObjectType('ChannelCount')
export class ChannelCountModel {
  @Field() channel!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('Outgoing', {
  description: 'What goes out on a date: the steps due by its end, planned as the scheduler would; nothing is written',
})
export class OutgoingModel {
  @Field({ description: 'YYYY-MM-DD in the agency’s calendar' }) date!: string;
  @Field(() => [ChannelCountModel]) counts!: ChannelCountModel[];
  @Field(() => [OutgoingStepModel]) goingOut!: OutgoingStepModel[];
  @Field(() => [HeldBackStepModel]) heldBack!: HeldBackStepModel[];
}

@ObjectType('JourneyStepDone', { description: 'A step the scheduler ran, on the legal answer it ran on' })
export class JourneyStepDoneModel {
  @Field() stepKey!: string;
  @Field() kind!: string;
  @Field(() => ScenarioStepModel, { nullable: true }) step!: ScenarioStepModel | null;
  @Field(() => Int) attempt!: number;
  @Field() executedAt!: Date;
  @Field(() => LegalCheckModel, { nullable: true }) decision!: LegalCheckModel | null;
  @Field(() => ID, {
    nullable: true,
    description: 'the communication it requested (Communication.requestId); none for a call task or a review',
  })
  requestId!: string | null;
}

@ObjectType('JourneyNextStep')
export class JourneyNextStepModel {
  @Field(() => ScenarioStepModel, { nullable: true, description: 'none until the journey starts (its scenario is chosen then)' })
  step!: ScenarioStepModel | null;
  @Field() dueAt!: Date;
}

@ObjectType('JourneyRefusal', { description: 'A step the legal engine refused, as the case history recorded it' })
export class JourneyRefusalModel {
  @Field() at!: Date;
  @Field({ description: 'refused (the step waits for a date) or review (an agent decides)' }) kind!: string;
  @Field(() => String, { nullable: true }) stepKey!: string | null;
  @Field(() => String, { nullable: true }) rule!: string | null;
  @Field(() => String, { nullable: true }) source!: string | null;
  @Field() reason!: string;
  @Field(() => String, { nullable: true }) earliestAt!: string | null;
}

@ObjectType('CaseJourney', { description: "A case's way through its scenario: done, next, refused" })
export class CaseJourneyModel {
  @Field({ description: 'new (starts on the next pass), active, review (an agent decides) or finished' }) status!: string;
  @Field(() => String, { nullable: true }) scenarioName!: string | null;
  @Field(() => ID, { nullable: true }) scenarioVersionId!: string | null;
  @Field(() => Int, { nullable: true }) scenarioVersion!: number | null;
  @Field(() => String, { nullable: true, description: 'why it stopped or waits for an agent' }) reason!: string | null;
  @Field(() => [JourneyStepDoneModel]) stepsDone!: JourneyStepDoneModel[];
  @Field(() => JourneyNextStepModel, { nullable: true }) next!: JourneyNextStepModel | null;
  @Field(() => [JourneyRefusalModel]) refusals!: JourneyRefusalModel[];
}

@ObjectType('SimulatedStep', { description: 'One step of a simulated timeline: when it falls due, when the law lets it go, with what' })
export class SimulatedStepModel {
  @Field(() => ScenarioStepModel) step!: ScenarioStepModel;
  @Field({ description: 'when the scenario makes it due' }) dueAt!: Date;
  @Field(() => Date, { nullable: true, description: 'when the law lets it go out; none: never by itself (an agent reviews the case)' })
  goesOutAt!: Date | null;
  @Field(() => LegalCheckModel, { description: "the engine's answer when it goes out, or its refusal for good" })
  decision!: LegalCheckModel;
  @Field(() => LegalCheckModel, { nullable: true, description: 'the refusal it waited out, when it could not go out when due' })
  waited!: LegalCheckModel | null;
  @Field(() => StepAmountsModel, { nullable: true, description: 'the statement on the day it goes out' }) amounts!: StepAmountsModel | null;
}

@ObjectType('LegalTerm', { description: 'A charge the law allows only from a later instant' })
export class LegalTermModel {
  @Field({ description: 'damages or interest' }) charge!: string;
  @Field() from!: Date;
  @Field() rule!: string;
  @Field() source!: string;
  @Field({ description: 'e.g. "damages allowed from Tue 26 Nov 2024"' }) description!: string;
}

@ObjectType('ScenarioSimulation', {
  description:
    'The timeline a scenario would give a case if every step went out when the law allows it and the debtor never reacted; nothing is written',
})
export class ScenarioSimulationModel {
  @Field(() => String, { nullable: true }) scenarioName!: string | null;
  @Field(() => Int, { nullable: true }) scenarioVersion!: number | null;
  @Field() from!: Date;
  @Field({
    description:
      'ran_out (no step left), review (a step refused for good: an agent decides), legal_review (handed to legal staff) or stopped (the journey does not go on)',
  })
  end!: string;
  @Field(() => String, { nullable: true, description: 'why there is no timeline' }) reason!: string | null;
  @Field(() => [SimulatedStepModel]) steps!: SimulatedStepModel[];
  @Field(() => [LegalTermModel]) terms!: LegalTermModel[];
}

const checkOf = (a: LegalAnswer): LegalCheckModel => ({ ...a });
const amountsOf = (a: RequestAmounts): StepAmountsModel | null => (a ? { ...a } : null);

function goingOutModelOf(g: GoingOut): OutgoingStepModel {
  return {
    ...g,
    step: stepModelOf(g.step),
    amounts: amountsOf(g.amounts),
    decision: checkOf(g.decision),
  };
}

function heldBackModelOf(h: HeldBack): HeldBackStepModel {
  return { ...h, step: h.step ? stepModelOf(h.step) : null };
}

export function outgoingModelOf(r: OutgoingReport): OutgoingModel {
  return { date: r.date, counts: r.counts, goingOut: r.goingOut.map(goingOutModelOf), heldBack: r.heldBack.map(heldBackModelOf) };
}

export function journeyModelOf(j: CaseJourney): CaseJourneyModel {
  return {
    ...j,
    stepsDone: j.stepsDone.map((s) => ({
      ...s,
      step: s.step ? stepModelOf(s.step) : null,
      decision: s.decision ? checkOf(s.decision) : null,
    })),
    next: j.next ? { dueAt: j.next.dueAt, step: j.next.step ? stepModelOf(j.next.step) : null } : null,
  };
}

export function simulationModelOf(s: ScenarioSimulation): ScenarioSimulationModel {
  return {
    ...s,
    from: new Date(s.from),
    steps: s.steps.map((x) => ({
      step: stepModelOf(x.step),
      dueAt: new Date(x.dueAt),
      goesOutAt: x.goesOutAt ? new Date(x.goesOutAt) : null,
      decision: checkOf(x.decision),
      waited: x.waited ? checkOf(x.waited) : null,
      amounts: amountsOf(x.amounts),
    })),
    terms: s.terms.map((t) => ({ ...t, from: new Date(t.from) })),
  };
}

@InputType('MigrateCaseJourneyInput', { description: 'Move a case to another active scenario version (agency admin)' })
export class MigrateCaseJourneyInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => ID, { description: 'an active version of the case’s client’s scenarios, or of the agency default for its debtor' })
  @IsUUID()
  versionId!: string;
  @Field(() => String, { nullable: true, description: 'the step it goes on from; default: the step of the same key as its next one' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  stepKey?: string | null;
}
