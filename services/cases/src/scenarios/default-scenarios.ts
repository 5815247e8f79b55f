/**
 * The agency's default scenarios, one per jurisdiction and debtor kind, shipped as the seed: a
 * newly onboarded client's cases follow them until it agrees scenarios of its own. Their shape
 * follows the three-reminder credit-control policies of the open-source dunning tools (a
 * friendly reminder, a firmer one, a final notice), placed where each jurisdiction's terms
 * allow; the legal engine still gates every step on the day it falls due. The Belgian consumer
 * one starts before the due date with a friendly pre-due reminder (communications' template
 * names the principal, the due date and how to pay, never a charge); a case placed on or after
 * its due date passes over it.
 */
import type { DebtorKind } from '@amicus/legal';
import type { ScenarioOwner, ScenarioStep } from './scenario';

export interface DefaultScenario {
  name: string;
  owner: Extract<ScenarioOwner, { kind: 'agency' }>;
  steps: ScenarioStep[];
}

const step = (
  key: string,
  kind: ScenarioStep['kind'],
  delayDays: number,
  anchor: ScenarioStep['anchor'],
  extra: Partial<ScenarioStep> = {},
): ScenarioStep => ({
  key,
  kind,
  channel: 'preferred',
  delayDays,
  anchor,
  conditions: {},
  template: null,
  ...extra,
});

const agency = (country: string, debtorKind: DebtorKind): DefaultScenario['owner'] => ({ kind: 'agency', country, debtorKind });

export const DEFAULT_SCENARIOS: readonly DefaultScenario[] = [
  {
    // A pre-due reminder 5 days before the due date (no law on it: nothing is late yet); BE-C-1
    // free first reminder (the engine holds it until the day after the due date); BE-C-4 14 days
    // (from the 3rd business day after a paper one) before damages; BE-A-2 the agency's formal
    // notice; a call, an SMS, then legal review.
    name: 'Belgium — consumers',
    owner: agency('BE', 'consumer'),
    steps: [
      step('pre-due-reminder', 'pre_due_reminder', -5, 'due_date'),
      step('first-reminder', 'first_reminder', 0, 'placement'),
      step('formal-notice', 'formal_notice', 21, 'previous_step', { channel: 'letter' }),
      step('call', 'call_task', 7, 'previous_step', { conditions: { noReactionToPrevious: true } }),
      step('sms', 'sms', 3, 'previous_step', { channel: 'sms', conditions: { noReactionToPrevious: true } }),
      step('final-notice', 'final_notice', 7, 'previous_step'),
      step('legal-review', 'review_for_legal', 15, 'previous_step'),
    ],
  },
  {
    // NL-C-1 the 14-day letter (BIK costs only after it), then a reminder with the costs.
    name: 'Netherlands — consumers',
    owner: agency('NL', 'consumer'),
    steps: [
      step('fourteen-day-letter', 'first_reminder', 0, 'placement'),
      step('reminder', 'reminder', 16, 'previous_step'),
      step('call', 'call_task', 5, 'previous_step', { conditions: { noReactionToPrevious: true } }),
      step('final-notice', 'final_notice', 9, 'previous_step'),
      step('legal-review', 'review_for_legal', 14, 'previous_step'),
    ],
  },
  ...(['BE', 'NL'] as const).map((country): DefaultScenario => ({
    // BE-B-1 / NL-B: interest and the €40 by operation of law, no free-reminder rule.
    name: `${country === 'BE' ? 'Belgium' : 'Netherlands'} — businesses`,
    owner: agency(country, 'business'),
    steps: [
      step('reminder', 'reminder', 0, 'placement'),
      step('formal-notice', 'formal_notice', 14, 'previous_step'),
      step('call', 'call_task', 5, 'previous_step', { conditions: { noReactionToPrevious: true } }),
      step('final-notice', 'final_notice', 9, 'previous_step'),
      step('legal-review', 'review_for_legal', 14, 'previous_step'),
    ],
  })),
];
