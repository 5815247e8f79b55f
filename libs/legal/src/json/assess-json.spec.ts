import { readFileSync } from 'fs';
import { join } from 'path';
import { assessJson } from './assess-json';

const example = JSON.parse(readFileSync(join(__dirname, '../../examples/be-consumer.json'), 'utf8'));

describe('assessJson', () => {
  it('answers the example case with the decision and a JSON-safe statement', () => {
    const r = assessJson(example);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const decision = r.result.decision as { allowed: boolean; rule: string; maxCharge: { amountMinor: string; formatted: string } };
    expect(decision).toMatchObject({ allowed: true, rule: 'BE-C-4' });
    expect(decision.maxCharge).toEqual({ amountMinor: '5500', currency: 'EUR', formatted: 'EUR 55.00' });
    const st = r.result.statement as { total: { formatted: string }; lines: unknown[] };
    expect(st.total.formatted).toBe('EUR 358.75'); // 356.39 + 356.39 × 11.5% × 21/365 (2.36)
    expect(() => JSON.stringify(r.result)).not.toThrow();
  });

  it('names the path and the problem of every invalid field', () => {
    const bad = {
      ...example,
      claims: [...example.claims, { id: 'c1', issueDate: '2025-02-30', principal: 12.5 }],
      currency: 'EUR',
      debtor: { kind: 'person', country: 'BE' },
    };
    const r = assessJson(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { field: 'claims[1].id', reason: 'duplicate claim id "c1"' },
        { field: 'claims[1].issueDate', reason: 'not a calendar date (YYYY-MM-DD)' },
        { field: 'claims[1].principal', reason: 'amounts are decimal strings (e.g. "12.50"), not JSON numbers' },
        { field: 'debtor.kind', reason: 'must be one of consumer, business' },
      ]),
    );
  });

  it('refuses amounts with more decimals than the currency and unknown claim ids', () => {
    const r = assessJson({
      ...example,
      payments: [{ receivedOn: '2025-01-20', amount: '1.005' }],
      disputes: [{ status: 'open', claimIds: ['nope'] }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual(['payments[0].amount', 'disputes[0].claimIds[0]']);
  });

  it('answers every step when none is asked', () => {
    const { step: _s, ...all } = example;
    const r = assessJson(all);
    expect(r.ok && (r.result.decisions as unknown[]).length).toBe(10);
  });
});
