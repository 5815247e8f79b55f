import fc from 'fast-check';
import { Clock } from '@amicus/calendar';
import type { CaseFacts } from '../assessment/case-assessment';
import { caseJsonOf } from '../assessment/case-assessment';
import { DEFAULT_SCENARIOS } from '../scenarios/default-scenarios';
import { LEGAL_STEP } from '../scenarios/scenario';
import type { ActiveScenario } from '../scenarios/scenario-store';
import { journeyContext, lawOn, legalChannelFor, planOne, type PlanInputs } from './journey-plan';
import type { JourneyCaseRow, JourneyRow } from './journey-store';
import { writesOf } from './journey-step';

/**
 * The scheduler's decisions over generated cases on the shipped scenarios, in memory: journeys
 * planned and written pass after pass as days go by (a message step's send recorded in the case's
 * history), checking on every step that it ran only where the engine, asked again on its own, says
 * yes; that no execution identity comes twice; and that every refusal names a rule.
 */
const DAY = 86_400_000;

const caseArb = fc.record({
  kind: fc.constantFrom('consumer' as const, 'business' as const),
  country: fc.constantFrom('BE', 'NL'),
  overdue: fc.integer({ min: -20, max: 120 }),
  principal: fc.bigInt({ min: 1_000n, max: 900_000n }),
  damagesClause: fc.boolean(),
  interestClause: fc.boolean(),
  preferred: fc.constantFrom('email' as const, 'letter' as const, 'sms' as const, null),
  days: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 6, maxLength: 14 }),
});

describe('the scheduler over generated cases and the shipped scenarios', () => {
  it('runs a step only where the engine says yes, never runs an execution twice, and names the rule of every refusal', () => {
    const seen = { run: 0, wait: 0 };
    fc.assert(
      fc.property(caseArb, (g) => {
        const clock = new Clock('Europe/Brussels');
        let now = new Date('2025-06-02T07:00:00.000Z');
        const ctx = journeyContext({ clock, agencyRegistration: '0123.456.789', publish: async () => undefined });
        const dueDate = new Date(now.getTime() - g.overdue * DAY).toISOString().slice(0, 10);
        const scenarios: ActiveScenario[] = DEFAULT_SCENARIOS.map((d, i) => ({
          scenarioId: `s${i}`,
          versionId: `v${i}`,
          version: 1,
          name: d.name,
          owner: d.owner,
          steps: d.steps,
        }));
        const row = {
          id: 'case-1',
          client_id: 'client-1',
          brand_id: 'brand-1',
          phase: 'placed',
          version: 1,
          hold_until: null,
          open_minor: g.principal.toString(),
          open_text: g.principal.toString(),
          oldest_due_date: dueDate,
          opened_at: now,
          debtor_kind: g.kind,
          debtor_country: g.country,
          debtor_time_zone: 'Europe/Brussels',
          debtor_preferred_channel: g.preferred,
        } as unknown as JourneyCaseRow;
        const facts: CaseFacts = {
          debtor: { kind: g.kind, country: g.country, timeZone: 'Europe/Brussels' },
          client: { sme: false },
          agencyRegistration: '0123.456.789',
          currency: 'EUR',
          paidMinor: 0n,
          history: [],
          claims: [
            {
              id: 'claim-1',
              invoiceNumber: 'INV-1',
              issueDate: new Date(Date.parse(dueDate) - 30 * DAY).toISOString().slice(0, 10),
              dueDate,
              principalMinor: g.principal,
              currency: 'EUR',
              interestClause: g.interestClause,
              damagesClause: g.damagesClause,
              firstReminderSentOn: null,
              status: 'open',
            },
          ],
        };
        const inputs: PlanInputs = {
          rows: new Map([[row.id, row]]),
          facts: new Map([[row.id, facts]]),
          segments: new Map(),
          scenarios: new Map([[row.client_id, scenarios]]),
          rateTables: {} as PlanInputs['rateTables'],
        };
        let j: JourneyRow = {
          case_id: row.id,
          client_id: row.client_id,
          status: 'new',
          scenario_version_id: null,
          scenario_name: null,
          steps: null,
          next_step_key: null,
          next_step_at: now,
          last_step_key: null,
          last_step_on: null,
          last_refusal: null,
          attempt: 1,
          reacted: false,
          waiting_until: null,
          waiting_reason: null,
          channel_override: null,
          reason: null,
        };
        const executed = new Set<string>();
        for (const gap of [0, 0, ...g.days]) {
          now = new Date(now.getTime() + gap * DAY);
          for (let k = 0; k < 4 && (j.status === 'new' || j.status === 'active') && j.next_step_at && j.next_step_at <= now; k++) {
            clock.advance(now.getTime() - clock.now().getTime());
            const planned = planOne(j, inputs, ctx, now);
            const w = writesOf(j, planned, ctx, now);
            const { plan } = planned;
            if (plan.kind === 'run' || plan.kind === 'wait') seen[plan.kind]++;
            if (plan.kind === 'wait' || plan.kind === 'review') {
              expect(plan.answer.allowed).toBe(false);
              expect(plan.answer.rule).toMatch(/\S/);
            }
            if (plan.kind === 'run') {
              const legalStep = LEGAL_STEP[plan.step.kind];
              const again = lawOn(
                caseJsonOf(facts, now.toISOString(), legalStep),
                legalStep,
                legalChannelFor(plan.step, g.preferred),
                inputs.rateTables,
              );
              expect(again.answer.allowed).toBe(true);
              const id = `${w.execution!.caseId}|${w.execution!.versionId}|${w.execution!.stepKey}|${w.execution!.attempt}`;
              expect(executed.has(id)).toBe(false);
              executed.add(id);
              if (w.execution!.requestId)
                facts.history.push({
                  id: `h${executed.size}`,
                  caseId: row.id,
                  kind: legalStep && legalStep !== 'sms' && legalStep !== 'email' ? (legalStep as 'reminder') : 'contact',
                  channel: legalChannelFor(plan.step, g.preferred),
                  at: now.toISOString(),
                  complete: true,
                });
              if (w.caused.phase) row.phase = w.caused.phase.phase as JourneyCaseRow['phase'];
            }
            const { steps, ...rest } = w.journey;
            j = { ...j, ...rest, steps: steps ?? j.steps };
          }
        }
      }),
      { numRuns: 60 },
    );
    // The generated cases exercise both: steps that ran and steps the engine held back.
    expect(seen.run).toBeGreaterThan(0);
    expect(seen.wait).toBeGreaterThan(0);
  });
});
