/**
 * A case's journey through its scenario, as plain values: may it go on (and until when), what
 * the legal engine's answer about the due step means for it, and where it goes next.
 *
 * One place answers "may this case's journey go on, and until when?" (`mayGoOn`): a closed
 * case, a case with legal staff or one paid in full stops; a hold pauses it until the hold
 * ends; a promise (reactions.ts) until the day after its date; a case whose every claim still
 * to collect is disputed waits, a day at a time, until a dispute is resolved (which wakes it).
 * An agreed payment plan pauses it while it is kept, until its next check (plans/: the sweep
 * wakes it when the plan breaks); the debtor's open promise until the day after its date. The
 * debtor's flags stop it (debtor-flags/): a collective debt settlement from its decision date,
 * debt counselling, death and hardship for an agent's review; removing the flag resumes it. An
 * open complaint the admin paused it for, and an accepted settlement until the day after it is
 * due, pause it (instructions/ casePausesOf).
 */
import { addDays, calendarDateIn, instantAt, type CalendarDate, type Instant } from '@amicus/calendar';
import type { CasePhase } from '../case-lifecycle/case-lifecycle';
import { nextStep, stepDueOn, type Anchors, type CaseProfile, type ScenarioStep } from '../scenarios/scenario';

export type JourneyStatus = 'new' | 'active' | 'review' | 'finished';

export interface JourneyCase {
  phase: CasePhase;
  holdUntil: CalendarDate | null;
  openMinor: bigint;
  /** A wait the debtor's reaction set (a promise), from the start of a day in the agency's calendar. */
  waiting?: { until: Instant; reason: string } | null;
  /** Every claim still to collect is under an unresolved dispute (disputes/). */
  everyClaimDisputed?: boolean;
  /** An agreed payment plan, kept so far: checked again at `checkAt` (plans/). */
  plan?: { checkAt: Instant } | null;
  /** The debtor's open promise to pay by a day (plans/). */
  promise?: { dueOn: CalendarDate } | null;
  /** What the debtor's flags ask today (debtor-flags/ `careOf`): a stop, or a stop for an agent's review. */
  care?: { reason: string; review: boolean } | null;
  /** A pause of the case's complaints or settlement (instructions/ `casePausesOf`): an open complaint, a settlement awaiting its money. */
  paused?: { until: Instant; reason: string } | null;
}

export const PLAN_KEPT = 'a payment plan is agreed and kept: collection waits while it is';

export const ALL_CLAIMS_DISPUTED = 'every claim still to collect is disputed: collection waits until a dispute is resolved';

export type Gate =
  | { goOn: true }
  | { goOn: false; until: Instant; reason: string }
  /** A stop; `review`: an agent is to look at the case (a debtor flag's care), not just the end of the road. */
  | { goOn: false; until: null; reason: string; review?: boolean };

/** Why a journey stops when its case is closed or paid: a case reopened (a payment undone) lets such a journey go on. */
export const STOPPED_PAID_OR_CLOSED = ['the case is closed', 'nothing is left to pay'] as const;

/** May the journey go on today; a pause says until when, a stop has no end. */
export function mayGoOn(c: JourneyCase, today: CalendarDate, timeZone: string): Gate {
  if (c.phase === 'closed') return { goOn: false, until: null, reason: STOPPED_PAID_OR_CLOSED[0] };
  if (c.phase === 'legal_review' || c.phase === 'legal') return { goOn: false, until: null, reason: 'the case is with legal staff' };
  if (c.openMinor <= 0n) return { goOn: false, until: null, reason: STOPPED_PAID_OR_CLOSED[1] };
  // The debtor's flags: a collective debt settlement from its decision date, a counsellor, death, hardship (debtor-flags/).
  if (c.care) return { goOn: false, until: null, reason: c.care.reason, review: c.care.review };
  // A hold ends at the start of its `until` day (the lifecycle's isOnHold).
  if (c.holdUntil !== null && today < c.holdUntil)
    return { goOn: false, until: instantAt(c.holdUntil, 0, timeZone), reason: `on hold until ${c.holdUntil}` };
  if (c.paused && Date.parse(c.paused.until) > Date.parse(instantAt(today, 0, timeZone))) return { goOn: false, ...c.paused };
  if (c.waiting && today < calendarDateIn(c.waiting.until, timeZone))
    return { goOn: false, until: c.waiting.until, reason: c.waiting.reason };
  // Kept until its check says otherwise (asked again no sooner than tomorrow; a broken plan wakes the journey at once).
  if (c.plan) {
    const tomorrow = instantAt(addDays(today, 1), 0, timeZone);
    return { goOn: false, until: Date.parse(c.plan.checkAt) > Date.parse(tomorrow) ? c.plan.checkAt : tomorrow, reason: PLAN_KEPT };
  }
  if (c.promise && today <= c.promise.dueOn)
    return {
      goOn: false,
      until: instantAt(addDays(c.promise.dueOn, 1), 0, timeZone),
      reason: `the debtor promised to pay by ${c.promise.dueOn}: collection waits until the day after`,
    };
  // Asked again each day; the dispute's resolution wakes the journey at once (reactions.ts).
  if (c.everyClaimDisputed) return { goOn: false, until: instantAt(addDays(today, 1), 0, timeZone), reason: ALL_CLAIMS_DISPUTED };
  return { goOn: true };
}

/** The legal engine's answer about one step, as the journey reads it. */
export interface LegalAnswer {
  allowed: boolean;
  rule: string;
  source: string;
  reason: string;
  earliestAt: Instant | null;
}

export type Verdict =
  | { kind: 'run' }
  /** Refused until an instant the engine knows: the step waits for it. */
  | { kind: 'wait'; until: Instant; refusal: LegalAnswer }
  /** Refused for good (no rule pack, a missing fact): an agent reviews the case. */
  | { kind: 'review'; refusal: LegalAnswer };

export function verdictOf(answer: LegalAnswer, now: Instant): Verdict {
  if (answer.allowed) return { kind: 'run' };
  if (answer.earliestAt !== null && Date.parse(answer.earliestAt) > Date.parse(now))
    return { kind: 'wait', until: answer.earliestAt, refusal: answer };
  return { kind: 'review', refusal: answer };
}

/** Where a journey stands: the step it waits for and when it falls due (null: the scenario has run out). */
export interface Position {
  stepKey: string;
  dueAt: Instant;
}

/**
 * The next position after `doneKey` ran on `today` (null: first step): the next step whose
 * conditions hold, due at the start of its day in the agency's calendar — never before now. A
 * pre-due reminder is passed over once the due date has come (it would remind of nothing).
 */
export function nextPosition(
  steps: readonly ScenarioStep[],
  doneKey: string | null,
  profile: CaseProfile,
  anchors: Anchors,
  reactedToPrevious: boolean,
  now: Instant,
  timeZone: string,
): Position | null {
  let after = doneKey;
  for (;;) {
    const step = nextStep(steps, after, profile, reactedToPrevious);
    if (!step) return null;
    if (!stillBeforeDue(step, anchors.dueDate, now, timeZone)) {
      after = step.key;
      continue;
    }
    const day = stepDueOn(step, anchors);
    const at = day === null ? now : instantAt(day, 0, timeZone);
    return { stepKey: step.key, dueAt: Date.parse(at) < Date.parse(now) ? now : at };
  }
}

/** False for a pre-due reminder on or after the due date, in the agency's calendar; true for any other step. */
export function stillBeforeDue(step: ScenarioStep, dueDate: CalendarDate, now: Instant, timeZone: string): boolean {
  return step.kind !== 'pre_due_reminder' || calendarDateIn(now, timeZone) < dueDate;
}
