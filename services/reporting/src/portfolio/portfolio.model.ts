import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';

/** The client as the cases subgraph owns it; reporting only references it. */
@ObjectType('Client')
@Directive('@key(fields: "id", resolvable: false)')
export class ClientRef {
  @Field(() => ID) id!: string;
}

@ObjectType('ClientPortfolio', { description: "A client's outsourced portfolio, kept current from the events" })
export class ClientPortfolioModel {
  @Field(() => ID) clientId!: string;
  @Field() clientName!: string;
  @Field() country!: string;
  @Field(() => Int) openCases!: number;
  @Field({ description: 'Amount placed, in minor units of currency' }) placedMinor!: string;
  @Field({ description: 'Amount collected, in minor units of currency' }) collectedMinor!: string;
  @Field({ description: 'Amount still open, in minor units of currency' }) openMinor!: string;
  @Field() currency!: string;
  @Field(() => Int, { description: 'Collected over placed, in basis points' }) recoveryRateBp!: number;
  @Field(() => ClientRef, { description: 'The client, resolved by the cases subgraph' }) client!: ClientRef;
}
