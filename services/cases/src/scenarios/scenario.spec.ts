import fc from 'fast-check';
import { DEFAULT_SCENARIOS } from './default-scenarios';
import {
  chooseScenario,
  DEFAULT_TEMPLATE,
  mayBecome,
  nextStep,
  segmentOf,
  stepDueOn,
  validateSteps,
  type CaseProfile,
  type ScenarioOwner,
  type ScenarioStep,
} from './scenario';

const profile: CaseProfile = { clientId: 'c1', brandId: 'b1', debtorKind: 'consumer', country: 'BE', openMinor: 40_000n, segment: 'small' };
const step = (key: string, extra: Partial<ScenarioStep> = {}): ScenarioStep => ({
  key,
  kind: 'reminder',
  channel: 'preferred',
  delayDays: 7,
  anchor: 'previous_step',
  conditions: {},
  template: null,
  ...extra,
});
const owned = (owner: ScenarioOwner, name: string) => ({ owner, name });

describe('choosing a scenario', () => {
  const agencyBe = owned({ kind: 'agency', country: 'BE', debtorKind: 'consumer' }, 'agency BE consumer');
  const clientDefault = owned({ kind: 'client', clientId: 'c1', brandId: null, segment: null }, 'client');
  const clientSegment = owned({ kind: 'client', clientId: 'c1', brandId: null, segment: 'small' }, 'client segment');
  const brand = owned({ kind: 'client', clientId: 'c1', brandId: 'b1', segment: null }, 'brand');
  const brandSegment = owned({ kind: 'client', clientId: 'c1', brandId: 'b1', segment: 'small' }, 'brand segment');
  const other = owned({ kind: 'client', clientId: 'c2', brandId: null, segment: null }, 'another client');

  it('takes the most specific fit: brand and segment, brand, segment, the client, the agency default', () => {
    const all = [agencyBe, clientDefault, clientSegment, brand, brandSegment, other];
    expect(chooseScenario(all, profile)?.name).toBe('brand segment');
    expect(
      chooseScenario(
        all.filter((s) => s !== brandSegment),
        profile,
      )?.name,
    ).toBe('brand');
    expect(chooseScenario([agencyBe, clientDefault, clientSegment], profile)?.name).toBe('client segment');
    expect(chooseScenario([agencyBe, clientDefault, other], profile)?.name).toBe('client');
    expect(chooseScenario([agencyBe, other], profile)?.name).toBe('agency BE consumer');
  });

  it('never picks another client’s scenario, another brand’s, or another jurisdiction’s default', () => {
    const foreign = [
      other,
      owned({ kind: 'client', clientId: 'c1', brandId: 'b2', segment: null }, 'b2'),
      owned({ kind: 'agency', country: 'NL', debtorKind: 'consumer' }, 'NL'),
    ];
    expect(chooseScenario(foreign, profile)).toBeNull();
    expect(chooseScenario([owned({ kind: 'client', clientId: 'c1', brandId: null, segment: 'large' }, 'large')], profile)).toBeNull();
  });

  it('gives every BE and NL case, consumer or business, a shipped default', () => {
    for (const country of ['BE', 'NL'])
      for (const debtorKind of ['consumer', 'business'] as const) {
        expect(chooseScenario(DEFAULT_SCENARIOS, { ...profile, country, debtorKind, clientId: 'new' })?.owner).toEqual({
          kind: 'agency',
          country,
          debtorKind,
        });
      }
  });
});

describe('a scenario’s steps', () => {
  it('finds the next step whose conditions hold, passing over the others', () => {
    const steps = [
      step('a'),
      step('b', { conditions: { debtorKinds: ['business'] } }),
      step('c', { conditions: { noReactionToPrevious: true } }),
      step('d'),
    ];
    expect(nextStep(steps, null, profile, false)?.key).toBe('a');
    expect(nextStep(steps, 'a', profile, false)?.key).toBe('c');
    expect(nextStep(steps, 'a', profile, true)?.key).toBe('d');
    expect(nextStep(steps, 'd', profile, false)).toBeNull();
  });

  it('falls due on its anchor plus its delay, and not before its previous step ran', () => {
    const anchors = { dueDate: '2025-01-31', placedOn: '2025-02-10', previousStepOn: null };
    expect(stepDueOn(step('x', { anchor: 'due_date', delayDays: -3 }), anchors)).toBe('2025-01-28');
    expect(stepDueOn(step('x', { anchor: 'placement', delayDays: 0 }), anchors)).toBe('2025-02-10');
    expect(stepDueOn(step('x', { anchor: 'previous_step', delayDays: 21 }), anchors)).toBeNull();
    expect(stepDueOn(step('x', { anchor: 'previous_step', delayDays: 21 }), { ...anchors, previousStepOn: '2025-02-27' })).toBe(
      '2025-03-20',
    );
  });

  it('names every problem of a draft by field', () => {
    expect(validateSteps([])).toEqual([{ field: 'steps', reason: 'a scenario needs at least one step' }]);
    expect(
      validateSteps([
        step('A b', { anchor: 'previous_step' }),
        step('A b', { kind: 'pre_due_reminder', delayDays: 2, anchor: 'placement', template: 'first_reminder' }),
      ]).map((p) => p.field),
    ).toEqual(['steps[0].key', 'steps[0].anchor', 'steps[1].key', 'steps[1].key', 'steps[1].delayDays', 'steps[1].template']);
    // A pre-due step sends the pre-due reminder, by default or by name, and only it does.
    expect(validateSteps([step('pre', { kind: 'pre_due_reminder', delayDays: -5, anchor: 'due_date' })])).toEqual([]);
    expect(
      validateSteps([step('pre', { kind: 'pre_due_reminder', delayDays: -5, anchor: 'due_date', template: 'pre_due_reminder' })]),
    ).toEqual([]);
    expect(validateSteps([step('r', { kind: 'reminder', anchor: 'placement', template: 'pre_due_reminder' })])).toEqual([
      { field: 'steps[0].template', reason: 'the pre_due_reminder template goes only in a pre_due_reminder step' },
    ]);
    expect(validateSteps([step('a', { anchor: 'placement', conditions: { amountBand: { minMinor: 5n, maxMinor: 1n } } })])).toEqual([
      { field: 'steps[0].conditions.amountBand', reason: 'minMinor is above maxMinor' },
    ]);
  });

  it('ships defaults that are valid drafts', () => {
    for (const d of DEFAULT_SCENARIOS) expect(validateSteps(d.steps)).toEqual([]);
  });

  it('starts the Belgian consumer default with a friendly reminder 5 days before the due date, on the debtor’s channel', () => {
    const be = DEFAULT_SCENARIOS.find((d) => d.owner.country === 'BE' && d.owner.debtorKind === 'consumer')!;
    const [first, second] = be.steps;
    expect(first).toMatchObject({ kind: 'pre_due_reminder', channel: 'preferred', anchor: 'due_date', delayDays: -5 });
    expect(first.template ?? DEFAULT_TEMPLATE[first.kind]).toBe('pre_due_reminder');
    expect(stepDueOn(first, { dueDate: '2025-03-05', placedOn: '2025-02-10', previousStepOn: null })).toBe('2025-02-28');
    expect(second.kind).toBe('first_reminder');
    // Only the Belgian consumer default has one.
    expect(DEFAULT_SCENARIOS.filter((d) => d.steps.some((s) => s.kind === 'pre_due_reminder'))).toEqual([be]);
  });

  it('moves versions draft → active → retired only', () => {
    expect([
      mayBecome('draft', 'active'),
      mayBecome('active', 'retired'),
      mayBecome('retired', 'active'),
      mayBecome('draft', 'retired'),
      mayBecome('active', 'draft'),
    ]).toEqual([true, true, false, false, false]);
  });
});

describe('segments', () => {
  it('puts a case in the first segment whose rule fits', () => {
    const segments = [
      { key: 'large', conditions: { amountBand: { minMinor: 100_000n } } },
      { key: 'be-small', conditions: { countries: ['BE'], amountBand: { maxMinor: 99_999n } } },
    ];
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.constantFrom('BE', 'NL'), (openMinor, country) => {
        const s = segmentOf(segments, { ...profile, openMinor, country });
        expect(s).toBe(openMinor >= 100_000n ? 'large' : country === 'BE' ? 'be-small' : null);
      }),
    );
  });
});
