/**
 * OpenPeppol's own example documents against the shipped rules (OpenPeppol 2025.11), and copies
 * of them with one thing broken each: refused, with the rule that says why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@amicus/errors';
import { assertPeppolValid, ensurePeppolRules, validateUbl, type PeppolValidation } from '../src';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const base = fixture('base-example.xml');

/** The copy with `from` replaced; fails the test if `from` is not in the document (the change would be no change). */
function broken(xml: string, from: string | RegExp, to: string): string {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`${String(from)} is not in the document`);
  return out;
}

const failed = (v: PeppolValidation) => v.errors.map((e) => e.rule).sort();

beforeAll(() => ensurePeppolRules(), 10 * 60_000);

describe('the official Peppol BIS Billing 3.0 examples', () => {
  // The base examples keep a unitCodeListID, which EN 16931's UBL rules only warn about.
  it.each([
    ['base-example.xml', 'Invoice', 'Snippet1', ['UBL-CR-663']],
    ['base-creditnote-correction.xml', 'CreditNote', 'Snippet1', ['UBL-CR-663']],
    ['vat-category-E.xml', 'Invoice', 'Vat-Z', []],
  ])('%s is valid under both rule sets', async (name, document, id, warnings) => {
    const v = await validateUbl(fixture(name));
    expect(v.errors).toEqual([]);
    expect(v).toMatchObject({ valid: true, document, id });
    expect(v.warnings.map((w) => w.rule)).toEqual(warnings);
    expect(v.rules).toEqual({ release: '2025.11', ruleSets: ['CEN-EN16931-UBL', 'PEPPOL-EN16931-UBL'] });
  });
});

describe('broken copies are refused with the rule id', () => {
  it('a total with VAT that is not the total without VAT plus the VAT: BR-CO-15 (and the amount due, BR-CO-16)', async () => {
    const v = await validateUbl(
      broken(base, '<cbc:TaxInclusiveAmount currencyID="EUR">1656.25', '<cbc:TaxInclusiveAmount currencyID="EUR">1666.25'),
    );
    expect(v.valid).toBe(false);
    expect(failed(v)).toEqual(['BR-CO-15', 'BR-CO-16']);
    const rule = v.errors.find((e) => e.rule === 'BR-CO-15')!;
    expect(rule).toMatchObject({ flag: 'fatal', ruleSet: 'CEN-EN16931-UBL', location: '/Invoice[1]' });
    expect(rule.message).toContain('Invoice total amount with VAT (BT-112)');
  });

  it('an amount due that is not the total with VAT: BR-CO-16 alone', async () => {
    const v = await validateUbl(broken(base, '<cbc:PayableAmount currencyID="EUR">1656.25', '<cbc:PayableAmount currencyID="EUR">1656.26'));
    expect(failed(v)).toEqual(['BR-CO-16']);
  });

  it('no buyer reference (and no order reference): PEPPOL-EN16931-R003', async () => {
    const v = await validateUbl(broken(base, /\s*<cbc:BuyerReference>0150abc<\/cbc:BuyerReference>/, ''));
    expect(failed(v)).toEqual(['PEPPOL-EN16931-R003']);
    expect(v.errors[0]).toMatchObject({
      ruleSet: 'PEPPOL-EN16931-UBL',
      message: 'A buyer reference or purchase order reference MUST be provided.',
    });
  });

  it('a line moved to reverse charge (AE) under a 25 % rate, with no AE breakdown: BR-AE-01, BR-AE-05 and BR-S-08', async () => {
    const v = await validateUbl(broken(base, /(<cac:ClassifiedTaxCategory>\s*<cbc:ID>)S/, '$1AE'));
    expect(failed(v)).toEqual(['BR-AE-01', 'BR-AE-05', 'BR-S-08']);
  });

  it('an exempt (E) line made standard rated (S) at 0 %: BR-S-01, BR-S-05 and BR-E-08', async () => {
    const v = await validateUbl(broken(fixture('vat-category-E.xml'), /(<cac:ClassifiedTaxCategory>\s*<cbc:ID>)E/, '$1S'));
    expect(failed(v)).toEqual(['BR-E-08', 'BR-S-01', 'BR-S-05']);
  });

  it('an exempt (E) breakdown without its exemption reason: BR-E-10', async () => {
    const v = await validateUbl(
      broken(fixture('vat-category-E.xml'), /\s*<cbc:TaxExemptionReasonCode>VATEX-EU-F<\/cbc:TaxExemptionReasonCode>/, ''),
    );
    expect(failed(v)).toEqual(['BR-E-10']);
  });

  it('a VAT category that is no UNCL5305 code: BR-CL-18', async () => {
    const v = await validateUbl(broken(base, /(<cac:ClassifiedTaxCategory>\s*<cbc:ID>)S/, '$1X'));
    expect(failed(v)).toContain('BR-CL-18');
  });

  it('a credit note without its buyer reference is refused the same way', async () => {
    const v = await validateUbl(
      broken(fixture('base-creditnote-correction.xml'), /\s*<cbc:BuyerReference>0150abc<\/cbc:BuyerReference>/, ''),
    );
    expect(v.document).toBe('CreditNote');
    expect(failed(v)).toEqual(['PEPPOL-EN16931-R003']);
  });
});

describe('assertPeppolValid: what an issuer calls', () => {
  it('resolves for a valid document and throws a DomainError naming each failed rule otherwise', async () => {
    await expect(assertPeppolValid(base)).resolves.toMatchObject({ valid: true });
    const refusal = assertPeppolValid(broken(base, /\s*<cbc:BuyerReference>0150abc<\/cbc:BuyerReference>/, ''));
    await expect(refusal).rejects.toBeInstanceOf(DomainError);
    await expect(refusal).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'the invoice Snippet1 fails the Peppol rules PEPPOL-EN16931-R003',
      problems: [
        { field: 'PEPPOL-EN16931-R003', reason: 'A buyer reference or purchase order reference MUST be provided. (at /Invoice[1])' },
      ],
      details: { rules: ['PEPPOL-EN16931-R003'], release: '2025.11' },
    });
    await expect(assertPeppolValid('<Order/>')).rejects.toMatchObject({ code: 'invalid_input', problems: [{ field: '(document)' }] });
  });
});
