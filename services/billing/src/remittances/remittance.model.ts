import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { StatementLine } from './remittance';
import type { Remittance } from './remittances.service';

@ObjectType('RemittanceLine', {
  description: 'What one case contributed to a remittance (caseId null: the client’s monthly minimum); minor units',
})
export class RemittanceLineModel {
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field({ description: 'Money into trust allocated to what it paid' }) collectedMinor!: string;
  @Field() commissionMinor!: string;
  @Field() feesMinor!: string;
  @Field({ description: "The debtor's collection costs the agency keeps" }) costsKeptMinor!: string;
  @Field() vatMinor!: string;
  @Field({ description: 'Overpayments owed back to the debtor' }) refundsMinor!: string;
  @Field({ description: 'What the client gets (negative: what it owes)' }) netMinor!: string;
}

@ObjectType('Remittance', { description: "A client's period closed: its statement and what was paid out or is left to invoice" })
export class RemittanceModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) clientId!: string;
  @Field({ description: 'weekly or monthly' }) periodKind!: string;
  @Field() periodStart!: string;
  @Field() periodEnd!: string;
  @Field() currency!: string;
  @Field({ description: 'payout (money goes to the client), invoice (the client owes the rest) or nil' }) outcome!: string;
  @Field() payoutMinor!: string;
  @Field() invoicedMinor!: string;
  @Field(() => String, { nullable: true }) payoutIban!: string | null;
  @Field(() => RemittanceLineModel) total!: RemittanceLineModel;
  @Field(() => [RemittanceLineModel]) lines!: RemittanceLineModel[];
  @Field(() => Int) cases!: number;
  @Field() issuedAt!: Date;
}

const lineModelOf = (l: StatementLine): RemittanceLineModel => ({
  caseId: l.caseId,
  collectedMinor: l.collectedMinor.toString(),
  commissionMinor: l.commissionMinor.toString(),
  feesMinor: l.feesMinor.toString(),
  costsKeptMinor: l.costsKeptMinor.toString(),
  vatMinor: l.vatMinor.toString(),
  refundsMinor: l.refundsMinor.toString(),
  netMinor: l.netMinor.toString(),
});

export const remittanceModelOf = (r: Remittance): RemittanceModel => ({
  id: r.id,
  clientId: r.clientId,
  periodKind: r.period.kind,
  periodStart: r.period.start,
  periodEnd: r.period.end,
  currency: r.currency,
  outcome: r.outcome,
  payoutMinor: r.payoutMinor.toString(),
  invoicedMinor: r.invoicedMinor.toString(),
  payoutIban: r.payoutIban,
  total: lineModelOf(r.total),
  lines: r.lines.map(lineModelOf),
  cases: r.lines.filter((l) => l.caseId !== null).length,
  issuedAt: r.issuedAt,
});
