/**
 * The demo's two clients: their brands, the segments they use and the scenarios they agreed
 * with the agency. Brouwerij De Demo sends its own free first reminder before it places a claim,
 * so its scenario starts with the agency's formal notice (and its user approved it); Polder
 * Telecom is newly onboarded and follows the agency's defaults, except for its large business
 * accounts, which it wants phoned first.
 */
import type { DemoBrand } from './demo-cases';

export type DemoClient = 'brouwerij' | 'polder';

export interface DemoClientInput {
  key: DemoClient;
  client: { name: string; country: string; enterpriseNumber: string; sme: boolean };
  brands: { key: DemoBrand; name: string; languages: string[]; email: string; phone: string }[];
}

export const DEMO_CLIENTS: readonly DemoClientInput[] = [
  {
    key: 'brouwerij',
    client: { name: 'Brouwerij De Demo', country: 'BE', enterpriseNumber: '0417.497.106', sme: true },
    brands: [
      { key: 'bieren', name: 'De Demo Bieren', languages: ['nl', 'fr'], email: 'facturen@demo-bieren.be', phone: '+3250123456' },
      { key: 'brasserie', name: 'Brasserie Démo', languages: ['fr', 'nl'], email: 'factures@brasserie-demo.be', phone: '+3281223344' },
    ],
  },
  {
    key: 'polder',
    client: { name: 'Polder Telecom B.V.', country: 'NL', enterpriseNumber: 'NL004495445B01', sme: false },
    brands: [{ key: 'polder', name: 'Polder Mobiel', languages: ['nl', 'en'], email: 'incasso@poldermobiel.nl', phone: '+31201234567' }],
  },
];

/** A step as `createScenario` takes it (ScenarioStepInput). */
interface StepInput {
  key: string;
  kind: string;
  channel: string;
  delayDays: number;
  anchor: 'due_date' | 'placement' | 'previous_step';
  conditions?: { debtorKinds?: string[]; noReactionToPrevious?: boolean };
}

export interface DemoScenario {
  client: DemoClient;
  segment: string | null;
  name: string;
  /** Approved by the client's own user before the admin activates it. */
  approvedByClient: boolean;
  steps: StepInput[];
}

const noReaction = { noReactionToPrevious: true };

export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  {
    client: 'brouwerij',
    segment: null,
    name: 'Brouwerij De Demo — after our own free reminder',
    approvedByClient: true,
    steps: [
      // BE-C-1: the brewery's reminder was the free one; the agency's formal notice (BE-A-2) comes first.
      { key: 'formal-notice', kind: 'formal_notice', channel: 'letter', delayDays: 0, anchor: 'placement' },
      { key: 'call', kind: 'call_task', channel: 'preferred', delayDays: 10, anchor: 'previous_step', conditions: noReaction },
      {
        key: 'sms',
        kind: 'sms',
        channel: 'sms',
        delayDays: 3,
        anchor: 'previous_step',
        conditions: { debtorKinds: ['consumer'], ...noReaction },
      },
      { key: 'final-notice', kind: 'final_notice', channel: 'letter', delayDays: 7, anchor: 'previous_step' },
      { key: 'legal-review', kind: 'review_for_legal', channel: 'preferred', delayDays: 15, anchor: 'previous_step' },
    ],
  },
  {
    client: 'polder',
    segment: 'zakelijk-groot',
    name: 'Polder Mobiel — large business accounts: call first',
    approvedByClient: false,
    steps: [
      { key: 'call', kind: 'call_task', channel: 'preferred', delayDays: 0, anchor: 'placement' },
      { key: 'formal-notice', kind: 'formal_notice', channel: 'letter', delayDays: 5, anchor: 'previous_step', conditions: noReaction },
      { key: 'final-notice', kind: 'final_notice', channel: 'letter', delayDays: 9, anchor: 'previous_step' },
      { key: 'legal-review', kind: 'review_for_legal', channel: 'preferred', delayDays: 14, anchor: 'previous_step' },
    ],
  },
];

/** The clients' segments, in order (SegmentInput): Polder's business accounts of €2,500 or more. */
export const DEMO_SEGMENTS: Readonly<Record<DemoClient, object[]>> = {
  brouwerij: [],
  polder: [{ key: 'zakelijk-groot', debtorKinds: ['business'], minOpenMinor: '250000' }],
};
