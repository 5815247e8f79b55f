import { defineEvent } from './envelope';
import { topics } from './topics';

// Events about placements, debtors and cases, owned by the cases service. Keyed by case id
// (a placement by its id, a debtor by its id), so one case's events stay in order.
// A landed version is never edited except to add an optional field; a breaking change is a new version.

const uuid = { type: 'string', minLength: 1 };
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const minor = { type: 'string', pattern: '^-?\\d+$', description: 'amount in minor units, as a decimal string' };
const currency = { type: 'string', pattern: '^[A-Z]{3}$' };
const nullable = (s: object) => ({ anyOf: [s, { type: 'null' }] });

/** What communications and reporting need to know of a debtor, as it is at the moment of the event. */
export interface DebtorSnapshotV1 {
  kind: 'consumer' | 'business';
  name: string;
  /** ISO 3166-1 alpha-2; decides the jurisdiction. */
  country: string;
  /** ISO 639-1. */
  language: string;
  /** IANA time zone, e.g. Europe/Brussels. */
  timeZone: string;
  vatNumber: string | null;
  emails: string[];
  /** E.164. */
  phones: string[];
  addresses: { lines: string[]; postcode: string; city: string; country: string }[];
  preferredChannel: 'email' | 'sms' | 'whatsapp' | 'letter' | 'phone' | null;
}

const debtorSnapshot = {
  type: 'object',
  required: ['kind', 'name', 'country', 'language', 'timeZone', 'vatNumber', 'emails', 'phones', 'addresses', 'preferredChannel'],
  properties: {
    kind: { enum: ['consumer', 'business'] },
    name: { type: 'string', minLength: 1 },
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
    language: { type: 'string', pattern: '^[a-z]{2}$' },
    timeZone: { type: 'string', minLength: 1 },
    vatNumber: { type: ['string', 'null'] },
    emails: { type: 'array', items: { type: 'string', format: 'email' } },
    phones: { type: 'array', items: { type: 'string', pattern: '^\\+[1-9]\\d{6,14}$' } },
    addresses: {
      type: 'array',
      items: {
        type: 'object',
        required: ['lines', 'postcode', 'city', 'country'],
        properties: {
          lines: { type: 'array', items: { type: 'string' }, minItems: 1 },
          postcode: { type: 'string' },
          city: { type: 'string' },
          country: { type: 'string', pattern: '^[A-Z]{2}$' },
        },
      },
    },
    preferredChannel: { enum: ['email', 'sms', 'whatsapp', 'letter', 'phone', null] },
  },
};

export interface PlacementImportedV1 {
  placementId: string;
  clientId: string;
  brandId: string | null;
  source: 'file' | 'api';
  fileName: string | null;
  rowsRead: number;
  imported: number;
  rejected: number;
  casesOpened: number;
  casesExtended: number;
  duplicates: number;
  conflicts: number;
}

const count = { type: 'integer', minimum: 0 };

export const PlacementImported = defineEvent<PlacementImportedV1>({
  type: 'PlacementImported',
  version: 1,
  topic: topics.cases,
  schema: {
    type: 'object',
    required: ['placementId', 'clientId', 'brandId', 'source', 'fileName', 'rowsRead', 'imported', 'rejected', 'casesOpened', 'casesExtended', 'duplicates', 'conflicts'],
    properties: {
      placementId: uuid,
      clientId: uuid,
      brandId: nullable(uuid),
      source: { enum: ['file', 'api'] },
      fileName: { type: ['string', 'null'] },
      rowsRead: count,
      imported: count,
      rejected: count,
      casesOpened: count,
      casesExtended: count,
      duplicates: count,
      conflicts: count,
    },
  },
});

export interface CaseOpenedV1 {
  caseId: string;
  clientId: string;
  brandId: string | null;
  debtorId: string;
  debtor: DebtorSnapshotV1;
  currency: string;
  placementId: string | null;
}

export const CaseOpened = defineEvent<CaseOpenedV1>({
  type: 'CaseOpened',
  version: 1,
  topic: topics.cases,
  schema: {
    type: 'object',
    required: ['caseId', 'clientId', 'brandId', 'debtorId', 'debtor', 'currency', 'placementId'],
    properties: { caseId: uuid, clientId: uuid, brandId: nullable(uuid), debtorId: uuid, debtor: debtorSnapshot, currency, placementId: nullable(uuid) },
  },
});

export interface ClaimPlacedV1 {
  caseId: string;
  claimId: string;
  clientId: string;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
  principalMinor: string;
  currency: string;
  description: string | null;
  placementId: string | null;
}

export const ClaimPlaced = defineEvent<ClaimPlacedV1>({
  type: 'ClaimPlaced',
  version: 1,
  topic: topics.cases,
  schema: {
    type: 'object',
    required: ['caseId', 'claimId', 'clientId', 'invoiceNumber', 'issueDate', 'dueDate', 'principalMinor', 'currency', 'description', 'placementId'],
    properties: {
      caseId: uuid,
      claimId: uuid,
      clientId: uuid,
      invoiceNumber: { type: 'string', minLength: 1 },
      issueDate: date,
      dueDate: date,
      principalMinor: minor,
      currency,
      description: { type: ['string', 'null'] },
      placementId: nullable(uuid),
    },
  },
});

export interface DebtorUpdatedV1 {
  debtorId: string;
  clientId: string;
  /** The debtor's open cases, so their consumers can refresh what they keep. */
  caseIds: string[];
  debtor: DebtorSnapshotV1;
}

export const DebtorUpdated = defineEvent<DebtorUpdatedV1>({
  type: 'DebtorUpdated',
  version: 1,
  topic: topics.cases,
  schema: {
    type: 'object',
    required: ['debtorId', 'clientId', 'caseIds', 'debtor'],
    properties: { debtorId: uuid, clientId: uuid, caseIds: { type: 'array', items: uuid }, debtor: debtorSnapshot },
  },
});

export type CasePhase = 'placed' | 'amicable' | 'legal_review' | 'legal' | 'closed';
export type CaseOutcome = 'paid' | 'settled' | 'written_off' | 'returned_to_client';
const phase = { enum: ['placed', 'amicable', 'legal_review', 'legal', 'closed'] };

export interface CasePhaseChangedV1 {
  caseId: string;
  from: CasePhase;
  to: CasePhase;
  reason: string | null;
  actor: string;
}

export const CasePhaseChanged = defineEvent<CasePhaseChangedV1>({
  type: 'CasePhaseChanged',
  version: 1,
  topic: topics.cases,
  schema: {
    type: 'object',
    required: ['caseId', 'from', 'to', 'reason', 'actor'],
    properties: { caseId: uuid, from: phase, to: phase, reason: { type: ['string', 'null'] }, actor: { type: 'string', minLength: 1 } },
  },
});

export interface CaseClosedV1 {
  caseId: string;
  outcome: CaseOutcome;
  reason: string;
  /** The open balance at closing (returned to client: what the client takes back). */
  balanceMinor: string;
  currency: string;
  actor: string;
}

export const CaseClosed = defineEvent<CaseClosedV1>({
  type: 'CaseClosed',
  version: 1,
  topic: topics.cases,
  schema: {
    type: 'object',
    required: ['caseId', 'outcome', 'reason', 'balanceMinor', 'currency', 'actor'],
    properties: {
      caseId: uuid,
      outcome: { enum: ['paid', 'settled', 'written_off', 'returned_to_client'] },
      reason: { type: 'string', minLength: 1 },
      balanceMinor: minor,
      currency,
      actor: { type: 'string', minLength: 1 },
    },
  },
});

export interface CaseAssignedV1 {
  caseId: string;
  agentId: string | null;
  actor: string;
}

export const CaseAssigned = defineEvent<CaseAssignedV1>({
  type: 'CaseAssigned',
  version: 1,
  topic: topics.cases,
  schema: {
    type: 'object',
    required: ['caseId', 'agentId', 'actor'],
    properties: { caseId: uuid, agentId: nullable(uuid), actor: { type: 'string', minLength: 1 } },
  },
});

export interface CaseHeldV1 {
  caseId: string;
  until: string;
  reason: string;
  actor: string;
}

export const CaseHeld = defineEvent<CaseHeldV1>({
  type: 'CaseHeld',
  version: 1,
  topic: topics.cases,
  schema: {
    type: 'object',
    required: ['caseId', 'until', 'reason', 'actor'],
    properties: { caseId: uuid, until: date, reason: { type: 'string', minLength: 1 }, actor: { type: 'string', minLength: 1 } },
  },
});

export interface ClaimRecalledV1 {
  caseId: string;
  claimId: string;
  /** What was still open on the claim when the client took it back. */
  balanceMinor: string;
  currency: string;
  reason: string;
  actor: string;
}

export const ClaimRecalled = defineEvent<ClaimRecalledV1>({
  type: 'ClaimRecalled',
  version: 1,
  topic: topics.cases,
  schema: {
    type: 'object',
    required: ['caseId', 'claimId', 'balanceMinor', 'currency', 'reason', 'actor'],
    properties: { caseId: uuid, claimId: uuid, balanceMinor: minor, currency, reason: { type: 'string', minLength: 1 }, actor: { type: 'string', minLength: 1 } },
  },
});

export const casesEvents = [PlacementImported, CaseOpened, ClaimPlaced, DebtorUpdated, CasePhaseChanged, CaseClosed, CaseAssigned, CaseHeld, ClaimRecalled] as const;
