/**
 * A scenario's steps and a client's segments as they travel: in GraphQL (in and out) and in the
 * database's jsonb alike — plain strings, amounts as decimal strings of minor units. Reading
 * the wire is where a draft's problems are found, each named by its field.
 */
import { COMMUNICATION_KINDS, SENDING_CHANNELS, type CommunicationKind } from '@amicus/contact';
import type { FieldProblem } from '@amicus/errors';
import type { DebtorKind } from '@amicus/legal';
import { isCountryCode } from '../clients/client';
import {
  STEP_KINDS,
  validateSteps,
  type Conditions,
  type DelayAnchor,
  type ScenarioOwner,
  type ScenarioStep,
  type Segment,
  type StepChannel,
  type StepKind,
} from './scenario';

export interface ConditionsWire {
  debtorKinds?: string[] | null;
  countries?: string[] | null;
  minOpenMinor?: string | null;
  maxOpenMinor?: string | null;
  segments?: string[] | null;
  noReactionToPrevious?: boolean | null;
}

export interface StepWire {
  key: string;
  kind: string;
  channel: string;
  delayDays: number;
  anchor: string;
  template?: string | null;
  conditions?: ConditionsWire | null;
}

export interface SegmentWire {
  key: string;
  debtorKinds?: string[] | null;
  countries?: string[] | null;
  minOpenMinor?: string | null;
  maxOpenMinor?: string | null;
}

/** Who a new scenario is for: a client (with an optional brand and segment), or, without a client, the agency's default for a country and debtor kind. */
export interface OwnerWire {
  clientId?: string | null;
  brandId?: string | null;
  segment?: string | null;
  country?: string | null;
  debtorKind?: string | null;
}

export const MAX_STEPS = 50;
export const MAX_SEGMENTS = 50;
const DEBTOR_KINDS: readonly DebtorKind[] = ['consumer', 'business'];
const STEP_CHANNELS: readonly StepChannel[] = [...SENDING_CHANNELS, 'preferred'];
const ANCHORS: readonly DelayAnchor[] = ['due_date', 'placement', 'previous_step'];
const KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const MINOR = /^\d{1,18}$/;

const oneOf = <T extends string>(values: readonly T[], v: string): v is T => (values as readonly string[]).includes(v);

/** A step as it is written out (GraphQL, jsonb): only the conditions it has. */
export function stepToWire(s: ScenarioStep): StepWire {
  return {
    key: s.key,
    kind: s.kind,
    channel: s.channel,
    delayDays: s.delayDays,
    anchor: s.anchor,
    template: s.template,
    conditions: conditionsToWire(s.conditions),
  };
}

export function conditionsToWire(c: Conditions): ConditionsWire {
  return {
    ...(c.debtorKinds ? { debtorKinds: [...c.debtorKinds] } : {}),
    ...(c.countries ? { countries: [...c.countries] } : {}),
    ...(c.amountBand?.minMinor !== undefined ? { minOpenMinor: c.amountBand.minMinor.toString() } : {}),
    ...(c.amountBand?.maxMinor !== undefined ? { maxOpenMinor: c.amountBand.maxMinor.toString() } : {}),
    ...(c.segments ? { segments: [...c.segments] } : {}),
    ...(c.noReactionToPrevious ? { noReactionToPrevious: true } : {}),
  };
}

export function segmentToWire(s: Segment): SegmentWire {
  return { key: s.key, ...conditionsToWire(s.conditions) };
}

/**
 * The steps of a wire draft, and every problem with them by field (`steps[2].channel`), one per
 * field. A value that cannot be read is replaced by a neutral stand-in, so the draft's other
 * checks (validateSteps) still run and report the rest in the same answer.
 */
export function readSteps(wire: readonly StepWire[]): { steps: ScenarioStep[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (wire.length > MAX_STEPS) problems.push({ field: 'steps', reason: `at most ${MAX_STEPS} steps` });
  const steps = wire.map((w, i): ScenarioStep => {
    const at = `steps[${i}]`;
    const kind: StepKind = oneOf(STEP_KINDS, w.kind) ? w.kind : 'reminder';
    if (!oneOf(STEP_KINDS, w.kind)) problems.push({ field: `${at}.kind`, reason: `must be one of ${STEP_KINDS.join(', ')}` });
    const channel: StepChannel = oneOf(STEP_CHANNELS, w.channel) ? w.channel : 'preferred';
    if (!oneOf(STEP_CHANNELS, w.channel)) problems.push({ field: `${at}.channel`, reason: `must be one of ${STEP_CHANNELS.join(', ')}` });
    const anchor: DelayAnchor = oneOf(ANCHORS, w.anchor) ? w.anchor : 'due_date';
    if (!oneOf(ANCHORS, w.anchor)) problems.push({ field: `${at}.anchor`, reason: `must be one of ${ANCHORS.join(', ')}` });
    let template: CommunicationKind | null = null;
    if (w.template != null && oneOf(COMMUNICATION_KINDS, w.template)) template = w.template;
    else if (w.template != null) problems.push({ field: `${at}.template`, reason: `must be one of ${COMMUNICATION_KINDS.join(', ')}` });
    const conditions = readConditions(w.conditions ?? {}, `${at}.conditions`, problems);
    return { key: w.key, kind, channel, delayDays: w.delayDays, anchor, conditions, template };
  });
  return { steps, problems: onePerField([...problems, ...validateSteps(steps)]) };
}

/** A client's ordered segments, and every problem with them by field (`segments[1].key`). */
export function readSegments(wire: readonly SegmentWire[]): { segments: Segment[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (wire.length > MAX_SEGMENTS) problems.push({ field: 'segments', reason: `at most ${MAX_SEGMENTS} segments` });
  const keys = new Set<string>();
  const segments = wire.map((w, i): Segment => {
    const at = `segments[${i}]`;
    if (!KEY.test(w.key)) problems.push({ field: `${at}.key`, reason: 'lower-case letters, digits, - and _, at most 40' });
    if (keys.has(w.key)) problems.push({ field: `${at}.key`, reason: `"${w.key}" is used by an earlier segment` });
    keys.add(w.key);
    const { debtorKinds, countries, amountBand } = readConditions(w, at, problems);
    return {
      key: w.key,
      conditions: { ...(debtorKinds ? { debtorKinds } : {}), ...(countries ? { countries } : {}), ...(amountBand ? { amountBand } : {}) },
    };
  });
  return { segments, problems: onePerField(problems) };
}

/** The owner a new scenario names, and what is wrong with it by field. */
export function readOwner(w: OwnerWire): { owner: ScenarioOwner | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (w.clientId != null) {
    if (w.country != null)
      problems.push({ field: 'country', reason: "only an agency default names a country: a client's scenario follows its cases" });
    if (w.debtorKind != null)
      problems.push({ field: 'debtorKind', reason: "only an agency default names a debtor kind: use a segment for a client's" });
    if (w.segment != null && !KEY.test(w.segment))
      problems.push({ field: 'segment', reason: 'lower-case letters, digits, - and _, at most 40' });
    const owner: ScenarioOwner = { kind: 'client', clientId: w.clientId, brandId: w.brandId ?? null, segment: w.segment ?? null };
    return { owner: problems.length ? null : owner, problems };
  }
  if (w.brandId != null) problems.push({ field: 'brandId', reason: 'a brand override belongs to a client: give its clientId' });
  if (w.segment != null) problems.push({ field: 'segment', reason: 'a segment belongs to a client: give its clientId' });
  const country = w.country ?? '';
  const debtorKind = w.debtorKind ?? '';
  if (!isCountryCode(country)) problems.push({ field: 'country', reason: 'an agency default names its ISO 3166-1 alpha-2 country' });
  if (!oneOf(DEBTOR_KINDS, debtorKind))
    problems.push({ field: 'debtorKind', reason: 'an agency default is for consumer or business debtors' });
  if (problems.length || !oneOf(DEBTOR_KINDS, debtorKind)) return { owner: null, problems };
  return { owner: { kind: 'agency', country, debtorKind }, problems };
}

/** The segment names a scenario refers to (its owner's, its steps' conditions) that are not among `known`, by field. */
export function unknownSegments(
  owner: { segment: string | null } | null,
  steps: readonly ScenarioStep[],
  known: readonly string[],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const reason = (s: string) => (owner ? `"${s}" is not one of the client's segments` : 'an agency default has no segments');
  if (owner?.segment != null && !known.includes(owner.segment)) problems.push({ field: 'segment', reason: reason(owner.segment) });
  steps.forEach((step, i) => {
    const missing = (step.conditions.segments ?? []).filter((s) => !known.includes(s));
    if (missing.length) problems.push({ field: `steps[${i}].conditions.segments`, reason: reason(missing[0]!) });
  });
  return problems;
}

function readConditions(w: ConditionsWire, at: string, problems: FieldProblem[]): Conditions {
  const c: Conditions = {};
  if (w.debtorKinds != null) {
    const bad = w.debtorKinds.find((k) => !oneOf(DEBTOR_KINDS, k));
    if (bad !== undefined) problems.push({ field: `${at}.debtorKinds`, reason: `"${bad}": must be consumer or business` });
    c.debtorKinds = w.debtorKinds.filter((k): k is DebtorKind => oneOf(DEBTOR_KINDS, k));
  }
  if (w.countries != null) {
    const bad = w.countries.find((k) => !isCountryCode(k));
    if (bad !== undefined) problems.push({ field: `${at}.countries`, reason: `"${bad}" is not an ISO 3166-1 alpha-2 country code` });
    c.countries = w.countries.filter(isCountryCode);
  }
  const minMinor = readMinor(w.minOpenMinor, `${at}.minOpenMinor`, problems);
  const maxMinor = readMinor(w.maxOpenMinor, `${at}.maxOpenMinor`, problems);
  if (minMinor !== undefined || maxMinor !== undefined)
    c.amountBand = { ...(minMinor !== undefined ? { minMinor } : {}), ...(maxMinor !== undefined ? { maxMinor } : {}) };
  if (minMinor !== undefined && maxMinor !== undefined && minMinor > maxMinor)
    problems.push({ field: `${at}.amountBand`, reason: 'minOpenMinor is above maxOpenMinor' });
  if (w.segments != null) {
    const bad = w.segments.find((k) => !KEY.test(k));
    if (bad !== undefined) problems.push({ field: `${at}.segments`, reason: `"${bad}" is not a segment key` });
    c.segments = w.segments.filter((k) => KEY.test(k));
  }
  if (w.noReactionToPrevious) c.noReactionToPrevious = true;
  return c;
}

function readMinor(value: string | null | undefined, field: string, problems: FieldProblem[]): bigint | undefined {
  if (value == null) return undefined;
  if (MINOR.test(value)) return BigInt(value);
  problems.push({ field, reason: 'a whole number of minor units (cents), as a decimal string' });
  return undefined;
}

/** The first problem of each field: a value that could not be read is not blamed again by a later check. */
function onePerField(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.field) && seen.add(p.field));
}
