import { Type } from '@sinclair/typebox';
import { defineEvent, type PayloadOf } from './envelope';
import { EnumOf, StringOrNull } from './schema';
import { topics } from './topics';

// A case's escalation to legal staff (services/cases/src/escalation): proposed, approved by the
// client, accepted into `legal` or declined (by the client, or legal staff sending it back).
// On the cases topic, keyed by case id, so they stay in order with the case's phase changes.
// A landed version is never edited except to add an optional field; a breaking change is a new version.

const uuid = Type.String({ minLength: 1 });
const minor = Type.String({ pattern: '^-?\\d+$', description: 'amount in minor units, as a decimal string' });
const currency = Type.String({ pattern: '^[A-Z]{3}$' });
const actor = Type.String({ minLength: 1 });
const reason = Type.String({ minLength: 1 });

/** The cost–benefit estimate made with the proposal (escalation-costs.ts names each figure's source). */
const estimate = Type.Object({
  route: Type.String({ minLength: 1 }),
  routeSource: Type.String({ minLength: 1 }),
  currency,
  courtCostsMinor: minor,
  bailiffCostsMinor: minor,
  openMinor: minor,
  /** Expected share recovered, in basis points (5000 = 50%). */
  recoveryRateBp: Type.Integer({ minimum: 0, maximum: 10_000 }),
  recoveryRateBasis: EnumOf(['client_history', 'agency_default']),
  expectedRecoveryMinor: minor,
  netMinor: minor,
});

export const EscalationProposed = defineEvent({
  type: 'EscalationProposed',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    escalationId: uuid,
    caseId: uuid,
    clientId: uuid,
    brandId: uuid,
    reason,
    /** Whether the client's approval is awaited before legal staff may accept. */
    approvalRequired: Type.Boolean(),
    estimate,
    actor,
  }),
});
export type EscalationProposedV1 = PayloadOf<typeof EscalationProposed>;

/** The client approved the escalation (its instruction). */
export const EscalationApproved = defineEvent({
  type: 'EscalationApproved',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({ escalationId: uuid, caseId: uuid, clientId: uuid, actor }),
});
export type EscalationApprovedV1 = PayloadOf<typeof EscalationApproved>;

/** Legal staff accepted the case into `legal`. */
export const EscalationAccepted = defineEvent({
  type: 'EscalationAccepted',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({ escalationId: StringOrNull(), caseId: uuid, clientId: uuid, actor }),
});
export type EscalationAcceptedV1 = PayloadOf<typeof EscalationAccepted>;

/** The client declined the escalation, or legal staff sent the case back to amicable. */
export const EscalationDeclined = defineEvent({
  type: 'EscalationDeclined',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    escalationId: StringOrNull(),
    caseId: uuid,
    clientId: uuid,
    by: EnumOf(['client', 'legal_staff']),
    reason,
    actor,
  }),
});
export type EscalationDeclinedV1 = PayloadOf<typeof EscalationDeclined>;

export const escalationEvents = [EscalationProposed, EscalationApproved, EscalationAccepted, EscalationDeclined] as const;
