/**
 * A scenario: a client's collection plan, agreed with it upfront — an ordered list of steps,
 * each due some days after an anchor (the due date, the placement, the previous step), on a
 * channel, with a template and conditions. Versions go draft → active → retired, like
 * templates; a case keeps the version it started on.
 *
 * Which scenario a case follows: the most specific one of its client that fits (brand and
 * segment, brand, segment, the client's default), else the agency's default for the debtor's
 * jurisdiction and kind — so a newly onboarded client's first placement is followed at once.
 */
import { addDays, type CalendarDate } from '@amicus/calendar';
import type { CommunicationKind, SendingChannel } from '@amicus/contact';
import type { DebtorKind, Step } from '@amicus/legal';

export const STEP_KINDS = [
  'pre_due_reminder',
  'first_reminder',
  'reminder',
  'formal_notice',
  'final_notice',
  'sms',
  'email',
  'whatsapp',
  'registered_letter',
  'call_task',
  'review_for_legal',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export type StepChannel = SendingChannel | 'preferred';
export type DelayAnchor = 'due_date' | 'placement' | 'previous_step';

/** A band of the case's open amount, in minor units of its currency; either end may be open. */
export interface AmountBand {
  minMinor?: bigint;
  maxMinor?: bigint;
}

/** What a case must be for a step (or a segment) to apply; an absent condition holds. */
export interface Conditions {
  debtorKinds?: DebtorKind[];
  /** ISO 3166-1 alpha-2. */
  countries?: string[];
  amountBand?: AmountBand;
  segments?: string[];
  /** Only when the debtor did not react (pay, promise, dispute, answer) to the previous step. */
  noReactionToPrevious?: boolean;
}

export interface ScenarioStep {
  /** Stable within the scenario: the step's identity in the journey and its executions. */
  key: string;
  kind: StepKind;
  channel: StepChannel;
  /** Days after the anchor (negative before the due date: a pre-due reminder). */
  delayDays: number;
  anchor: DelayAnchor;
  conditions: Conditions;
  /** The template kind it sends; null for a call task and a review for legal. */
  template: CommunicationKind | null;
}

export type VersionStatus = 'draft' | 'active' | 'retired';

/** Who a scenario belongs to: a client (optionally one brand, one segment), or the agency's default for a jurisdiction. */
export type ScenarioOwner =
  | { kind: 'client'; clientId: string; brandId: string | null; segment: string | null }
  | { kind: 'agency'; country: string; debtorKind: DebtorKind };

/** A case as scenario selection and step conditions see it. */
export interface CaseProfile {
  clientId: string;
  brandId: string;
  debtorKind: DebtorKind;
  country: string;
  openMinor: bigint;
  segment: string | null;
}

/** A rule on the case that names its segment (debtor kind × country × amount band). */
export interface Segment {
  key: string;
  conditions: Pick<Conditions, 'debtorKinds' | 'countries' | 'amountBand'>;
}

/** What the legal engine is asked before a step of this kind goes out. */
export const LEGAL_STEP: Readonly<Record<StepKind, Step | null>> = {
  pre_due_reminder: null,
  first_reminder: 'first_reminder',
  reminder: 'reminder',
  formal_notice: 'formal_notice',
  final_notice: 'final_notice',
  sms: 'sms',
  email: 'email',
  whatsapp: 'sms',
  registered_letter: 'formal_notice',
  call_task: 'phone_call',
  review_for_legal: 'hand_to_legal',
};

/** The template kind a step sends when none is named. */
export const DEFAULT_TEMPLATE: Readonly<Record<StepKind, CommunicationKind | null>> = {
  pre_due_reminder: 'pre_due_reminder',
  first_reminder: 'first_reminder',
  reminder: 'reminder',
  formal_notice: 'formal_notice',
  final_notice: 'final_notice',
  sms: 'reminder',
  email: 'reminder',
  whatsapp: 'reminder',
  registered_letter: 'formal_notice',
  call_task: null,
  review_for_legal: null,
};

export function holds(c: Conditions, profile: CaseProfile): boolean {
  if (c.debtorKinds && !c.debtorKinds.includes(profile.debtorKind)) return false;
  if (c.countries && !c.countries.includes(profile.country)) return false;
  if (c.amountBand?.minMinor !== undefined && profile.openMinor < c.amountBand.minMinor) return false;
  if (c.amountBand?.maxMinor !== undefined && profile.openMinor > c.amountBand.maxMinor) return false;
  if (c.segments && (profile.segment === null || !c.segments.includes(profile.segment))) return false;
  return true;
}

/** The case's segment: the first rule that fits, in the client's order. */
export function segmentOf(segments: readonly Segment[], profile: Omit<CaseProfile, 'segment'>): string | null {
  return segments.find((s) => holds(s.conditions, { ...profile, segment: null }))?.key ?? null;
}

/**
 * The scenario a case follows, among the active versions it may follow: the client's most
 * specific fit, else the agency default for the debtor's country and kind; null when none.
 */
export function chooseScenario<S extends { owner: ScenarioOwner }>(candidates: readonly S[], profile: CaseProfile): S | null {
  const rank = (o: ScenarioOwner): number => {
    if (o.kind === 'agency') return o.country === profile.country && o.debtorKind === profile.debtorKind ? 1 : 0;
    if (o.clientId !== profile.clientId) return 0;
    if (o.brandId !== null && o.brandId !== profile.brandId) return 0;
    if (o.segment !== null && o.segment !== profile.segment) return 0;
    return 2 + (o.brandId !== null ? 2 : 0) + (o.segment !== null ? 1 : 0);
  };
  let best: S | null = null;
  let bestRank = 0;
  for (const c of candidates) {
    const r = rank(c.owner);
    if (r > bestRank) [best, bestRank] = [c, r];
  }
  return best;
}

/** The dates a step's anchor can be: the case's oldest due date, its placement day, the day the previous step ran. */
export interface Anchors {
  dueDate: CalendarDate;
  placedOn: CalendarDate;
  previousStepOn: CalendarDate | null;
}

/** The calendar day a step falls due (in the agency's calendar); null while its anchor has not happened. */
export function stepDueOn(step: ScenarioStep, anchors: Anchors): CalendarDate | null {
  const base =
    step.anchor === 'due_date' ? anchors.dueDate : step.anchor === 'placement' ? anchors.placedOn : (anchors.previousStepOn ?? null);
  return base === null ? null : addDays(base, step.delayDays);
}

/**
 * The next step of a journey after `doneKeys`: the first later step whose conditions hold;
 * steps whose conditions do not hold are passed over. Null when the scenario has run out.
 */
export function nextStep(
  steps: readonly ScenarioStep[],
  after: string | null,
  profile: CaseProfile,
  reactedToPrevious: boolean,
): ScenarioStep | null {
  const from = after === null ? 0 : steps.findIndex((s) => s.key === after) + 1;
  for (const step of steps.slice(from)) {
    if (!holds(step.conditions, profile)) continue;
    if (step.conditions.noReactionToPrevious && reactedToPrevious) continue;
    return step;
  }
  return null;
}

export interface StepProblem {
  field: string;
  reason: string;
}

/** What is wrong with a draft's steps, by field; empty when it may be saved. */
export function validateSteps(steps: readonly ScenarioStep[]): StepProblem[] {
  const problems: StepProblem[] = [];
  if (steps.length === 0) problems.push({ field: 'steps', reason: 'a scenario needs at least one step' });
  const keys = new Set<string>();
  steps.forEach((s, i) => {
    const at = `steps[${i}]`;
    if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(s.key))
      problems.push({ field: `${at}.key`, reason: 'lower-case letters, digits, - and _, at most 40' });
    if (keys.has(s.key)) problems.push({ field: `${at}.key`, reason: `"${s.key}" is used by an earlier step` });
    keys.add(s.key);
    if (!STEP_KINDS.includes(s.kind)) problems.push({ field: `${at}.kind`, reason: `must be one of ${STEP_KINDS.join(', ')}` });
    if (!Number.isInteger(s.delayDays) || Math.abs(s.delayDays) > 730)
      problems.push({ field: `${at}.delayDays`, reason: 'a whole number of days, at most 730 either way' });
    if (s.anchor === 'previous_step' && i === 0) problems.push({ field: `${at}.anchor`, reason: 'the first step has no previous step' });
    if (s.delayDays < 0 && s.anchor !== 'due_date')
      problems.push({ field: `${at}.delayDays`, reason: 'only a step anchored on the due date may come before it' });
    if (s.kind === 'pre_due_reminder' && !(s.anchor === 'due_date' && s.delayDays < 0)) {
      problems.push({ field: `${at}.delayDays`, reason: 'a pre-due reminder comes before the due date (negative days from it)' });
    }
    const needsTemplate = s.kind !== 'call_task' && s.kind !== 'review_for_legal';
    if (needsTemplate && s.template === null && DEFAULT_TEMPLATE[s.kind] === null)
      problems.push({ field: `${at}.template`, reason: `a ${s.kind} step names the template it sends` });
    // Before the due date only the pre-due reminder may go (it names no charge, nothing is late);
    // after it, the pre-due reminder would say nothing is late when something is.
    if (s.kind === 'pre_due_reminder' && s.template !== null && s.template !== 'pre_due_reminder')
      problems.push({ field: `${at}.template`, reason: 'a pre-due reminder step sends the pre_due_reminder template' });
    if (s.kind !== 'pre_due_reminder' && s.template === 'pre_due_reminder')
      problems.push({ field: `${at}.template`, reason: 'the pre_due_reminder template goes only in a pre_due_reminder step' });
    const band = s.conditions.amountBand;
    if (band?.minMinor !== undefined && band.maxMinor !== undefined && band.minMinor > band.maxMinor) {
      problems.push({ field: `${at}.conditions.amountBand`, reason: 'minMinor is above maxMinor' });
    }
  });
  return problems;
}

/** The version graph: a draft is activated (the previous active version retires), an active one retired. */
export function mayBecome(from: VersionStatus, to: VersionStatus): boolean {
  return (from === 'draft' && to === 'active') || (from === 'active' && to === 'retired');
}
