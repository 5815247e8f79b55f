import { Type } from '@sinclair/typebox';
import { defineEvent, type PayloadOf } from './envelope';
import { EnumOf, StringOrNull } from './schema';
import { topics } from './topics';

// A case in legal (services/cases/src/legal-dossier): its court dossier issued, its proceedings
// moving (hearings, deadlines, enforcement, judicial costs) and the judgment recorded. On the
// cases topic, keyed by case id, in order with the case's escalation and phase changes.
// A landed version is never edited except to add an optional field; a breaking change is a new version.

const uuid = Type.String({ minLength: 1 });
const MINOR = '^-?\\d+$';
const DAY = '^\\d{4}-\\d{2}-\\d{2}$';
const minor = Type.String({ pattern: MINOR, description: 'amount in minor units, as a decimal string' });
const currency = Type.String({ pattern: '^[A-Z]{3}$' });
const day = Type.String({ pattern: DAY });
const actor = Type.String({ minLength: 1 });

/** The court dossier of a case was issued (to legal staff, for the court, a bailiff or a lawyer). */
export const DossierIssued = defineEvent({
  type: 'DossierIssued',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    dossierId: uuid,
    caseId: uuid,
    clientId: uuid,
    /** The court route (libs/legal routes: BE-R-1, NL-R-1, …); null when none fits. */
    routeId: StringOrNull(),
    language: EnumOf(['nl', 'fr', 'de']),
    /** SHA-256 (hex) of the PDF issued. */
    pdfSha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    communications: Type.Integer({ minimum: 0 }),
    totalMinor: minor,
    currency,
    actor,
  }),
});
export type DossierIssuedV1 = PayloadOf<typeof DossierIssued>;

/** A step of the proceedings: opened, a hearing or deadline set or done, enforcement by the bailiff, judicial costs. */
export const ProceedingUpdated = defineEvent({
  type: 'ProceedingUpdated',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    caseId: uuid,
    clientId: uuid,
    entryId: uuid,
    kind: EnumOf(['opened', 'hearing', 'deadline', 'enforcement', 'judicial_cost', 'done']),
    /** The day it happens or is due (a hearing, a deadline, an enforcement step, a cost incurred). */
    on: StringOrNull({ pattern: DAY }),
    description: Type.String({ minLength: 1 }),
    /** A judicial cost's amount; null otherwise. */
    amountMinor: StringOrNull({ pattern: MINOR }),
    actor,
  }),
});
export type ProceedingUpdatedV1 = PayloadOf<typeof ProceedingUpdated>;

/** The court's judgment on a case: what it awarded, the costs, and interest from when at what rate. */
export const JudgmentRecorded = defineEvent({
  type: 'JudgmentRecorded',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    judgmentId: uuid,
    caseId: uuid,
    clientId: uuid,
    judgedOn: day,
    court: Type.String({ minLength: 1 }),
    principalMinor: minor,
    costsMinor: minor,
    /** Yearly rate in percent as an exact decimal ("12.5"), or null for none awarded. */
    interestRatePercent: StringOrNull(),
    interestFrom: StringOrNull({ pattern: DAY }),
    currency,
    actor,
  }),
});
export type JudgmentRecordedV1 = PayloadOf<typeof JudgmentRecorded>;

export const legalProceedingsEvents = [DossierIssued, ProceedingUpdated, JudgmentRecorded] as const;
