import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';

/** The client as the cases subgraph owns it; reporting only references it. */
@ObjectType('Client')
@Directive('@key(fields: "id", resolvable: false)')
export class ClientRef {
  @Field(() => ID) id!: string;
}

@ObjectType('PortfolioAmounts', {
  description:
    "A client's figures in one currency, of the cases the caller may see (legal staff: those in legal phases; an agent: its brands'); amounts in minor units",
})
export class PortfolioAmountsModel {
  @Field() currency!: string;
  @Field(() => Int) openCases!: number;
  @Field({ description: 'Amount placed, minor units' }) placedMinor!: string;
  @Field({ description: 'Amount collected (principal, interest and costs), minor units' }) collectedMinor!: string;
  @Field({ description: 'Principal collected, minor units' }) collectedPrincipalMinor!: string;
  @Field({ description: 'Interest collected, minor units' }) collectedInterestMinor!: string;
  @Field({ description: 'Collection costs collected, minor units' }) collectedCostsMinor!: string;
  @Field({ description: 'Principal still open, minor units' }) openMinor!: string;
  @Field({ description: 'Principal still open when cases closed as written off, minor units' }) writtenOffMinor!: string;
  @Field({ description: 'Principal still open when cases were returned to the client, minor units' }) returnedMinor!: string;
  @Field(() => Int, { description: 'Principal collected over placed, in basis points' }) recoveryRateBp!: number;
}

@ObjectType('ClientPortfolio', { description: "A client's outsourced portfolio, kept current from the events" })
export class ClientPortfolioModel {
  @Field(() => ID) clientId!: string;
  @Field() clientName!: string;
  @Field() country!: string;
  @Field(() => Int, { description: 'Open cases, all currencies' }) openCases!: number;
  @Field(() => [PortfolioAmountsModel], { description: 'One entry per currency the client placed in' }) amounts!: PortfolioAmountsModel[];
  @Field(() => ClientRef, { description: 'The client, resolved by the cases subgraph' }) client!: ClientRef;
}
