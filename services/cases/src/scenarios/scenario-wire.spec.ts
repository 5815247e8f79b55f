import fc from 'fast-check';
import { DEFAULT_SCENARIOS } from './default-scenarios';
import { readOwner, readSegments, readSteps, segmentToWire, stepToWire, unknownSegments, type StepWire } from './scenario-wire';

const wire = (extra: Partial<StepWire> = {}): StepWire => ({
  key: 'a',
  kind: 'reminder',
  channel: 'preferred',
  delayDays: 0,
  anchor: 'placement',
  ...extra,
});

describe('reading a draft’s steps', () => {
  it('reads back every shipped default exactly as it was written', () => {
    for (const d of DEFAULT_SCENARIOS) expect(readSteps(d.steps.map(stepToWire))).toEqual({ steps: d.steps, problems: [] });
  });

  it('round-trips amount bands as decimal strings of minor units', () => {
    fc.assert(
      fc.property(
        fc.option(fc.bigInt({ min: 0n, max: 10n ** 17n }), { nil: undefined }),
        fc.bigInt({ min: 0n, max: 10n ** 17n }),
        (min, extra) => {
          const band = { ...(min !== undefined ? { minMinor: min } : {}), maxMinor: (min ?? 0n) + extra };
          const step = readSteps([wire()]).steps[0]!;
          const banded = { ...step, conditions: { amountBand: band, countries: ['BE'] } };
          const json = JSON.parse(JSON.stringify(stepToWire(banded))) as StepWire;
          expect(readSteps([json])).toEqual({ steps: [banded], problems: [] });
        },
      ),
    );
  });

  it('names each field it cannot read, once, and still runs the draft’s other checks', () => {
    const { problems } = readSteps([
      wire({ kind: 'postcard', channel: 'pigeon', anchor: 'moon', template: 'poem' }),
      wire({
        key: 'b',
        delayDays: 9999,
        conditions: { debtorKinds: ['alien'], countries: ['XX'], minOpenMinor: '12.50', segments: ['Big One'] },
      }),
      wire({ key: 'c', conditions: { minOpenMinor: '500', maxOpenMinor: '100' } }),
    ]);
    expect(problems).toEqual([
      { field: 'steps[0].kind', reason: expect.stringContaining('must be one of') },
      { field: 'steps[0].channel', reason: expect.stringContaining('preferred') },
      { field: 'steps[0].anchor', reason: 'must be one of due_date, placement, previous_step' },
      { field: 'steps[0].template', reason: expect.stringContaining('first_reminder') },
      { field: 'steps[1].conditions.debtorKinds', reason: '"alien": must be consumer or business' },
      { field: 'steps[1].conditions.countries', reason: '"XX" is not an ISO 3166-1 alpha-2 country code' },
      { field: 'steps[1].conditions.minOpenMinor', reason: 'a whole number of minor units (cents), as a decimal string' },
      { field: 'steps[1].conditions.segments', reason: '"Big One" is not a segment key' },
      { field: 'steps[2].conditions.amountBand', reason: 'minOpenMinor is above maxOpenMinor' },
      { field: 'steps[1].delayDays', reason: 'a whole number of days, at most 730 either way' },
    ]);
  });

  it('refuses more steps than a scenario may have', () => {
    const many = Array.from({ length: 51 }, (_, i) => wire({ key: `s${i}` }));
    expect(readSteps(many).problems).toEqual([{ field: 'steps', reason: 'at most 50 steps' }]);
  });
});

describe('reading segments', () => {
  it('keeps their order and round-trips them', () => {
    const segments = [
      { key: 'large', minOpenMinor: '100000' },
      { key: 'nl-business', debtorKinds: ['business'], countries: ['NL'] },
    ];
    const read = readSegments(segments);
    expect(read.problems).toEqual([]);
    expect(read.segments.map((s) => s.key)).toEqual(['large', 'nl-business']);
    expect(read.segments.map(segmentToWire)).toEqual(segments);
  });

  it('names a bad key, a repeated one and an upside-down band', () => {
    expect(
      readSegments([{ key: 'ok' }, { key: 'ok' }, { key: 'Not OK' }, { key: 'band', minOpenMinor: '9', maxOpenMinor: '1' }]).problems,
    ).toEqual([
      { field: 'segments[1].key', reason: '"ok" is used by an earlier segment' },
      { field: 'segments[2].key', reason: 'lower-case letters, digits, - and _, at most 40' },
      { field: 'segments[3].amountBand', reason: 'minOpenMinor is above maxOpenMinor' },
    ]);
  });
});

describe('a new scenario’s owner', () => {
  it('is a client (with an optional brand and segment) or an agency default for a country and debtor kind', () => {
    expect(readOwner({ clientId: 'c1', segment: 'large' })).toEqual({
      owner: { kind: 'client', clientId: 'c1', brandId: null, segment: 'large' },
      problems: [],
    });
    expect(readOwner({ country: 'DE', debtorKind: 'consumer' })).toEqual({
      owner: { kind: 'agency', country: 'DE', debtorKind: 'consumer' },
      problems: [],
    });
  });

  it('names the fields that do not fit the owner', () => {
    expect(readOwner({ clientId: 'c1', country: 'BE', debtorKind: 'consumer' }).problems.map((p) => p.field)).toEqual([
      'country',
      'debtorKind',
    ]);
    expect(readOwner({ brandId: 'b1', country: 'Belgium', debtorKind: 'robot' })).toEqual({
      owner: null,
      problems: [
        { field: 'brandId', reason: expect.any(String) },
        { field: 'country', reason: 'an agency default names its ISO 3166-1 alpha-2 country' },
        { field: 'debtorKind', reason: 'an agency default is for consumer or business debtors' },
      ],
    });
  });

  it('knows only the client’s own segments, and none for an agency default', () => {
    const steps = readSteps([wire({ conditions: { segments: ['large'] } })]).steps;
    expect(unknownSegments({ segment: 'small' }, steps, ['large'])).toEqual([
      { field: 'segment', reason: '"small" is not one of the client\'s segments' },
    ]);
    expect(unknownSegments({ segment: null }, steps, ['large'])).toEqual([]);
    expect(unknownSegments(null, steps, [])).toEqual([
      { field: 'steps[0].conditions.segments', reason: 'an agency default has no segments' },
    ]);
  });
});
