import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString } from 'class-validator';
import { RATE_TABLE_IDS, type NewRatePeriodWire } from './rate-periods';
import type { StoredRatePeriod } from './rate-store';
import type { RateTableView } from './rates.service';

@ObjectType('RatePeriod', { description: 'A reference rate for a period of days, with where it was published' })
export class RatePeriodModel {
  @Field({ description: 'first day, YYYY-MM-DD' }) from!: string;
  @Field({ description: 'last day (inclusive), YYYY-MM-DD' }) through!: string;
  @Field({ description: 'yearly rate in percent, exact decimal text ("10.50")' }) ratePercent!: string;
  @Field({ description: 'where this value was published' }) source!: string;
  @Field({ description: 'who added it ("seed": shipped with Amicus)' }) addedBy!: string;
  @Field() addedAt!: Date;
}

@ObjectType('RateTable', { description: 'A reference-rate table the legal engine charges interest by' })
export class RateTableModel {
  @Field(() => ID, { description: RATE_TABLE_IDS.join(', ') }) id!: string;
  @Field() name!: string;
  @Field() legalBasis!: string;
  @Field(() => [RatePeriodModel], { description: 'in date order, without gaps' }) periods!: RatePeriodModel[];
  @Field(() => String, { nullable: true, description: 'the last day with a known rate; interest after it is refused (rule RATES)' })
  knownUntil!: string | null;
  @Field(() => String, { nullable: true, description: 'set from 30 days before the table ends (agency calendar), and once it has ended' })
  warning!: string | null;
}

@InputType('AddRatePeriodInput', { description: "The period that continues a table: it starts the day after the table's last one ends" })
export class AddRatePeriodInput implements NewRatePeriodWire {
  @Field({ description: RATE_TABLE_IDS.join(', ') }) @IsString() tableId!: string;
  @Field({ description: 'YYYY-MM-DD, the day after the table ends' }) @IsString() from!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, inclusive; default: the end of the half-year `from` is in' })
  @IsOptional()
  @IsString()
  through?: string | null;
  @Field({ description: 'yearly percent, decimal with a point ("10.50"), 0 to 25' }) @IsString() ratePercent!: string;
  @Field({ description: 'where the value was published (e.g. the Official Gazette notice and its date)' }) @IsString() source!: string;
}

const periodModelOf = (p: StoredRatePeriod): RatePeriodModel => ({
  from: p.from,
  through: p.to,
  ratePercent: p.ratePercent,
  source: p.source,
  addedBy: p.addedBy,
  addedAt: p.addedAt,
});

export const rateTableModelOf = (t: RateTableView): RateTableModel => ({
  id: t.id,
  name: t.name,
  legalBasis: t.legalBasis,
  periods: t.periods.map(periodModelOf),
  knownUntil: t.knownUntil,
  warning: t.warning,
});
