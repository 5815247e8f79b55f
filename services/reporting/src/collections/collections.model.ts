import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AGEING_BUCKETS, type AgeingBucketName } from './ageing';

export const AgeingBucketNames = Object.fromEntries(AGEING_BUCKETS.map((b) => [b.bucket, b.bucket])) as {
  [K in AgeingBucketName]: K;
};
registerEnumType(AgeingBucketNames, {
  name: 'AgeingBucketName',
  description: 'Days past due of an open case: 0–30, 31–60, 61–90, 91–180, over 180',
});

@ObjectType('CollectionCurvePoint', { description: 'What a cohort had collected by the end of one month since its placement' })
export class CollectionCurvePointModel {
  @Field(() => Int, { description: 'Months since the placement month (0 = the placement month itself)' }) monthsSincePlacement!: number;
  @Field({ description: 'Principal collected by the end of that month, cumulative, minor units' }) collectedMinor!: string;
  @Field(() => Int, { description: 'Collected over placed principal, in basis points (rounded down)' }) shareBp!: number;
}

@ObjectType('CollectionCohort', {
  description:
    "A client's claims placed in one month (its cohort), in one currency, and the share of their principal collected month by month",
})
export class CollectionCohortModel {
  @Field(() => ID) clientId!: string;
  @Field() currency!: string;
  @Field({ description: 'The placement month, YYYY-MM' }) cohortMonth!: string;
  @Field({ description: 'Principal placed in the cohort, minor units' }) placedMinor!: string;
  @Field(() => [CollectionCurvePointModel], { description: 'One point per month from the placement month to this month' })
  points!: CollectionCurvePointModel[];
}

@ObjectType('AgeingBucket', { description: 'The open cases of one ageing bucket' })
export class AgeingBucketModel {
  @Field(() => AgeingBucketNames) bucket!: AgeingBucketName;
  @Field(() => Int) minDays!: number;
  @Field(() => Int, { nullable: true, description: 'null: no upper bound' }) maxDays!: number | null;
  @Field(() => Int) openCases!: number;
  @Field({ description: 'Principal still open on their open claims, minor units' }) openMinor!: string;
}

@ObjectType('PortfolioAgeing', { description: "A client's open cases in one currency by days past due of their oldest open claim" })
export class PortfolioAgeingModel {
  @Field(() => ID) clientId!: string;
  @Field() currency!: string;
  @Field(() => [AgeingBucketModel], { description: 'All five buckets, in order' }) buckets!: AgeingBucketModel[];
}
