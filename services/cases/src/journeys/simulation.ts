/**
 * A scenario simulated on a case, real or hypothetical: the timeline of its steps with the day
 * each falls due and the instant the law lets it go out, the legal terms in between ("damages
 * allowed from Tue 26 Nov 2024") and the statement on each step's day. Plain values and the
 * legal engine only: nothing is read or written.
 *
 * It assumes what the scheduler would see if nothing else happened: every step goes out when
 * the law allows it (a message counts as sent then), the debtor never reacts (steps for "no
 * reaction" apply), nobody pays or disputes. The history it starts from is the case file's: a
 * message requested but not reported sent yet does not count.
 */
import { describeDate, localDate, type Instant } from '@amicus/calendar';
import { isCollectionKind, type LegalChannel, type PreferredChannel } from '@amicus/contact';
import type { LegalOptions, Step } from '@amicus/legal';
import { DEFAULT_TEMPLATE, LEGAL_STEP, type Anchors, type CaseProfile, type ScenarioStep } from '../scenarios/scenario';
import { nextPosition, verdictOf, type LegalAnswer } from './journey';
import { lawOn, legalChannelFor, type RequestAmounts } from './journey-plan';

export interface SimulationInput {
  /** The case as the engine reads it (`now` and `step` are set here); its communications are the history so far. */
  caseJson: Record<string, unknown>;
  claimIds: string[];
  steps: readonly ScenarioStep[];
  profile: CaseProfile;
  anchors: Anchors;
  /** The last step done (the timeline goes on after it); null: from the first. */
  doneKey: string | null;
  from: Instant;
  /** The agency's: steps fall due at the start of its days. */
  timeZone: string;
  /** The debtor's preferred channel: what a step on `preferred` is judged on. */
  preferredChannel: PreferredChannel | null;
  rateTables: LegalOptions['rateTables'];
}

export interface SimulatedStep {
  step: ScenarioStep;
  /** When the scenario makes it due. */
  dueAt: Instant;
  /** When the law lets it go out; null when it never does by itself (an agent reviews the case). */
  goesOutAt: Instant | null;
  /** The engine's answer when it goes out (or its refusal for good). */
  decision: LegalAnswer;
  /** The refusal it waited out, when it could not go out when due. */
  waited: LegalAnswer | null;
  /** The statement on the day it goes out. */
  amounts: RequestAmounts;
}

export interface LegalTerm {
  charge: 'damages' | 'interest';
  /** From when the law allows the charge. */
  from: Instant;
  rule: string;
  source: string;
  /** E.g. "damages allowed from Tue 26 Nov 2024". */
  description: string;
}

export interface Simulation {
  steps: SimulatedStep[];
  terms: LegalTerm[];
  /**
   * ran_out: no step left; review: a step is refused for good (an agent decides); legal_review:
   * the scenario hands the case to legal staff; stopped: the journey does not go on at all.
   */
  end: 'ran_out' | 'review' | 'legal_review' | 'stopped';
}

/** How many refusals with a date one step may wait out before the timeline gives up on it. */
const MAX_WAITS = 6;

export function simulate(input: SimulationInput): Simulation {
  const sent: unknown[] = [];
  const terms = new Map<string, LegalTerm>();
  const steps: SimulatedStep[] = [];
  const history = input.caseJson.communications;
  const base: unknown[] = Array.isArray(history) ? history : [];
  const ask = (at: Instant, legalStep: Step | null, channel: LegalChannel) => {
    const { step: _none, ...rest } = input.caseJson;
    const json = { ...rest, now: at, ...(legalStep ? { step: legalStep } : {}), communications: [...base, ...sent] };
    return lawOn(json, legalStep, channel, input.rateTables);
  };
  let done = input.doneKey;
  let anchors = input.anchors;
  let now = input.from;
  for (let i = 0; i < input.steps.length; i++) {
    const position = nextPosition(input.steps, done, input.profile, anchors, false, now, input.timeZone);
    if (!position) break;
    const step = input.steps.find((s) => s.key === position.stepKey)!;
    const channel = legalChannelFor(step, input.preferredChannel);
    let at = position.dueAt;
    let { answer, amounts } = ask(at, LEGAL_STEP[step.kind], channel);
    let waited: LegalAnswer | null = null;
    for (let w = 0; w < MAX_WAITS && !answer.allowed; w++) {
      const verdict = verdictOf(answer, at);
      if (verdict.kind !== 'wait') break;
      waited ??= answer;
      at = verdict.until;
      ({ answer, amounts } = ask(at, LEGAL_STEP[step.kind], channel));
    }
    if (!answer.allowed) {
      steps.push({ step, dueAt: position.dueAt, goesOutAt: null, decision: answer, waited, amounts });
      return { steps, terms: [...terms.values()], end: 'review' };
    }
    steps.push({ step, dueAt: position.dueAt, goesOutAt: at, decision: answer, waited, amounts });
    const kind = step.template ?? DEFAULT_TEMPLATE[step.kind];
    if (kind) {
      // As the case file records a sent message (contact-history.ts): SMS and WhatsApp texts carry no mentions.
      const complete = channel === 'letter' || channel === 'email';
      sent.push({
        kind: isCollectionKind(kind) ? kind : 'contact',
        channel,
        sentAt: at,
        sender: 'agency',
        claimIds: input.claimIds,
        complete,
      });
    }
    for (const charge of ['damages', 'interest'] as const) {
      const term = termOf(charge, ask(at, `charge_${charge}`, 'letter').answer, at, input.timeZone);
      if (term) terms.set(`${charge} ${term.from}`, term);
    }
    if (step.kind === 'review_for_legal') return { steps, terms: [...terms.values()], end: 'legal_review' };
    done = step.key;
    anchors = { ...anchors, previousStepOn: localDate(at, input.timeZone) };
    now = at;
  }
  return { steps, terms: [...terms.values()], end: 'ran_out' };
}

/** A charge the law allows only later: the instant it may, as a term of the timeline. */
function termOf(charge: LegalTerm['charge'], answer: LegalAnswer, at: Instant, timeZone: string): LegalTerm | null {
  if (answer.allowed || !answer.earliestAt || Date.parse(answer.earliestAt) <= Date.parse(at)) return null;
  const day = describeDate(localDate(answer.earliestAt, timeZone));
  return { charge, from: answer.earliestAt, rule: answer.rule, source: answer.source, description: `${charge} allowed from ${day}` };
}
