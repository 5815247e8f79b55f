import { Type } from '@sinclair/typebox';
import { defineEvent, type PayloadOf } from './envelope';
import { EnumOf } from './schema';
import { topics } from './topics';

// What billing tells the others, owned by the billing service: a client's remittance issued for
// a period. Keyed by client id, on the billing topic. Reporting counts what was remitted.
// A landed version is never edited except to add an optional field; a breaking change is a new version.

const uuid = Type.String({ minLength: 1 });
const date = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const minor = Type.String({ pattern: '^-?\\d+$', description: 'amount in minor units, as a decimal string' });
const currency = Type.String({ pattern: '^[A-Z]{3}$' });

export const RemittanceIssued = defineEvent({
  type: 'RemittanceIssued',
  version: 1,
  topic: topics.billing,
  schema: Type.Object({
    remittanceId: uuid,
    clientId: uuid,
    periodKind: EnumOf(['weekly', 'monthly']),
    periodStart: date,
    periodEnd: date,
    currency,
    /** Money into trust allocated to what it paid, over the statement's transactions. */
    collectedMinor: minor,
    commissionMinor: minor,
    feesMinor: minor,
    costsKeptMinor: minor,
    vatMinor: minor,
    refundsMinor: minor,
    /** What the client got (negative: what it owes). */
    netMinor: minor,
    payoutMinor: minor,
    invoicedMinor: minor,
    /** payout: money goes to the client; invoice: the client owes the rest; nil: nothing moved. */
    outcome: EnumOf(['payout', 'invoice', 'nil']),
    cases: Type.Integer({ minimum: 0 }),
  }),
});
export type RemittanceIssuedV1 = PayloadOf<typeof RemittanceIssued>;

export const billingEvents = [RemittanceIssued] as const;
