import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePeppolRules } from '@amicus/peppol';
import { peppolValidate } from './peppol';

const root = join(__dirname, '../../..');
const fixtures = join(root, 'libs/peppol/test/fixtures');
const dir = mkdtempSync(join(tmpdir(), 'amicus-peppol-'));

/** A copy of an official example with one change, as a file. */
function brokenCopy(name: string, from: string | RegExp, to: string): string {
  const xml = readFileSync(join(fixtures, name), 'utf8');
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`${String(from)} is not in ${name}`);
  const file = join(dir, `broken-${name}`);
  writeFileSync(file, out);
  return file;
}

beforeAll(() => ensurePeppolRules(), 10 * 60_000);

describe('amicus peppol validate (command module)', () => {
  it.each(['base-example.xml', 'base-creditnote-correction.xml'])(
    'exit 0 and a one-line summary for the official %s, its warning under it',
    async (name) => {
      const r = await peppolValidate(join(fixtures, name));
      expect(r.exitCode).toBe(0);
      expect(r.lines[0]).toMatch(
        new RegExp(`${name}: valid (invoice|credit note) Snippet1 \\(Peppol BIS Billing 3\\.0, OpenPeppol 2025\\.11\\), 1 warning$`),
      );
      expect(r.lines.slice(1)).toEqual([
        expect.stringMatching(/^ {2}warning UBL-CR-663: \[UBL-CR-663\]-A UBL (invoice|credit note) should not include the unitCodeListID/),
      ]);
    },
  );

  it('a valid document without warnings is one line', async () => {
    const file = join(fixtures, 'vat-category-E.xml');
    expect(await peppolValidate(file)).toMatchObject({
      exitCode: 0,
      lines: [`${file}: valid invoice Vat-Z (Peppol BIS Billing 3.0, OpenPeppol 2025.11)`],
    });
  });

  it('exit 1 with each failed rule: a broken total, a missing buyer reference, a wrong VAT category', async () => {
    const total = await peppolValidate(
      brokenCopy(
        'base-example.xml',
        '<cbc:TaxInclusiveAmount currencyID="EUR">1656.25',
        '<cbc:TaxInclusiveAmount currencyID="EUR">1666.25',
      ),
    );
    expect(total.exitCode).toBe(1);
    expect(total.lines[0]).toMatch(/not valid: invoice Snippet1 fails 2 rules/);
    expect(total.lines).toContainEqual(expect.stringMatching(/^ {2}fatal BR-CO-15: \[BR-CO-15\]-Invoice total amount with VAT/));
    expect(total.lines).toContainEqual(expect.stringMatching(/^ {2}fatal BR-CO-16: /));

    const buyerRef = await peppolValidate(
      brokenCopy('base-creditnote-correction.xml', /\s*<cbc:BuyerReference>0150abc<\/cbc:BuyerReference>/, ''),
    );
    expect(buyerRef.exitCode).toBe(1);
    expect(buyerRef.lines[1]).toBe(
      '  fatal PEPPOL-EN16931-R003: A buyer reference or purchase order reference MUST be provided. (at /CreditNote[1])',
    );

    const category = await peppolValidate(brokenCopy('base-example.xml', /(<cac:ClassifiedTaxCategory>\s*<cbc:ID>)S/, '$1AE'));
    expect(category.exitCode).toBe(1);
    expect(category.lines.filter((l) => l.startsWith('  fatal')).map((l) => l.split(':')[0].trim())).toEqual(
      expect.arrayContaining(['fatal BR-AE-01', 'fatal BR-AE-05', 'fatal BR-S-08']),
    );
  });

  it('exit 2 for a file that is not UBL, is not XML or is not there', async () => {
    const order = join(dir, 'order.xml');
    writeFileSync(order, '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>');
    expect(await peppolValidate(order)).toEqual({
      exitCode: 2,
      lines: [
        expect.stringContaining(
          'order.xml: not a UBL invoice or credit note: line 1, column 70: the root element is Order in urn:oasis:names:specification:ubl:schema:xsd:Order-2',
        ),
      ],
    });
    const bad = join(dir, 'bad.xml');
    writeFileSync(
      bad,
      '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">\n  <cbc:ID xmlns:cbc="x">1</cbc:Name>\n</Invoice>',
    );
    const r = await peppolValidate(bad);
    expect(r.exitCode).toBe(2);
    expect(r.lines[0]).toMatch(/bad\.xml: not a UBL invoice or credit note: line 2, column \d+ \(in Invoice.*\): not well-formed XML/);
    expect((await peppolValidate(join(dir, 'missing.xml'))).lines[0]).toMatch(/missing\.xml: cannot read: ENOENT/);
  });
});

describe('amicus peppol validate (the command line)', () => {
  const amicus = (...args: string[]) =>
    spawnSync(process.execPath, ['-r', '@swc-node/register', join(root, 'cli/src/main.ts'), 'peppol', 'validate', ...args], {
      cwd: root,
      encoding: 'utf8',
    });

  it('exit codes 0, 1 and 2, the report on stdout when valid and on stderr when not', () => {
    const ok = amicus(join(fixtures, 'base-example.xml'));
    expect([ok.status, ok.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/: valid invoice Snippet1 /)]);
    const refused = amicus(brokenCopy('base-example.xml', /\s*<cbc:BuyerReference>0150abc<\/cbc:BuyerReference>/, ''));
    expect([refused.status, refused.stderr]).toEqual([1, expect.stringContaining('fatal PEPPOL-EN16931-R003: ')]);
    const json = amicus('--json', join(fixtures, 'base-creditnote-correction.xml'));
    expect(JSON.parse(json.stdout)).toMatchObject({ document: 'CreditNote', valid: true, errors: [] });
    const notUbl = amicus(join(root, 'package.json'));
    expect([notUbl.status, notUbl.stderr]).toEqual([
      2,
      expect.stringContaining('package.json: not a UBL invoice or credit note: line 1, column 1: not XML: the first character is "{"'),
    ]);
  });
});
