import { readFileSync } from 'fs';
import { join } from 'path';
import { legalAssess } from './legal-assess';

// Moved from libs/legal/src/json/assess-json.spec.ts: a lib's tests do not reach into the CLI.
const example = JSON.parse(readFileSync(join(__dirname, '../../../libs/legal/examples/be-consumer.json'), 'utf8'));

describe('amicus legal assess (command module)', () => {
  it('prints pretty JSON and exits 0 on a valid case', async () => {
    const r = await legalAssess(JSON.stringify(example));
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.output).decision.rule).toBe('BE-C-4');
    expect(r.output).toContain('\n  ');
  });

  it('exits 2 with the errors on invalid input or invalid JSON', async () => {
    const bad = await legalAssess(
      JSON.stringify({ ...example, claims: [{ id: 'x', issueDate: '2025-01-01', dueDate: '12/01/2025', principal: '1' }] }),
    );
    expect(bad.exitCode).toBe(2);
    expect(JSON.parse(bad.output).errors).toEqual([{ field: 'claims[0].dueDate', reason: 'not a calendar date (YYYY-MM-DD)' }]);
    expect((await legalAssess('{oops')).exitCode).toBe(2);
  });

  it('uses the injected clock when the case has no "now"', async () => {
    const { now: _n, ...noNow } = example;
    const r = await legalAssess(JSON.stringify(noNow), () => new Date('2025-01-08T12:00:00Z'));
    expect(JSON.parse(r.output)).toMatchObject({ now: '2025-01-08T12:00:00.000Z', decision: { allowed: false, rule: 'BE-C-4' } });
  });
});
