import { checkUblDocument, readSvrl, UblDocumentError } from './validate';

const INVOICE = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';

function refusal(xml: string): UblDocumentError {
  try {
    checkUblDocument(xml);
  } catch (e) {
    if (e instanceof UblDocumentError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('checkUblDocument: well-formed UBL 2.1 Invoice or CreditNote before any rule runs', () => {
  it('tells an invoice from a credit note and reads its number', () => {
    expect(checkUblDocument(`<Invoice xmlns="${INVOICE}" xmlns:cbc="${CBC}"><cbc:ID> INV-7 </cbc:ID></Invoice>`)).toEqual({
      document: 'Invoice',
      id: 'INV-7',
    });
    expect(checkUblDocument('<ubl:CreditNote xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/>')).toEqual({
      document: 'CreditNote',
      id: null,
    });
  });

  it('names the line, column and open elements where the XML breaks', () => {
    const e = refusal(`<Invoice xmlns="${INVOICE}" xmlns:cac="c">\n  <cac:Party>\n    <cbc:Name>x</cac:Party>\n</Invoice>`);
    expect(e.line).toBe(3);
    expect(e.element).toMatch(/^Invoice\/cac:Party/);
    expect(e.message).toMatch(/^line 3, column \d+ \(in Invoice\/cac:Party.*\): not well-formed XML: /);
  });

  it('refuses another root, the right name in the wrong namespace, an empty file, text and a DOCTYPE', () => {
    expect(refusal('<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>').message).toContain(
      'the root element is Order in urn:oasis:names:specification:ubl:schema:xsd:Order-2',
    );
    expect(refusal('<Invoice/>').message).toContain('the root element is Invoice in no namespace');
    expect(refusal('').message).toMatch(/^line 1, column 1: /);
    expect(refusal('\n  hello').message).toBe(
      'line 2, column 3: not XML: the first character is "h", where an XML document starts with "<"',
    );
    const doctype = refusal(`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<Invoice xmlns="${INVOICE}">&e;</Invoice>`);
    expect(doctype.message).toContain('a UBL document has no DOCTYPE');
    expect(doctype.element).toBeNull();
  });
});

describe('readSvrl', () => {
  it('reads failed asserts and reports with id, flag, text and a location without namespaces', () => {
    const svrl = `<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
      <svrl:fired-rule context="cbc:ID"/>
      <svrl:failed-assert test="x" id="BR-CO-15" flag="fatal" location="/*:Invoice[namespace-uri()='${INVOICE}'][1]/*:LegalMonetaryTotal[namespace-uri()='urn:x'][1]">
        <svrl:text>[BR-CO-15]-Invoice total
          amount with VAT</svrl:text>
      </svrl:failed-assert>
      <svrl:successful-report test="y" id="UBL-CR-663" flag="warning" location="/*:Invoice[1]"><svrl:text>w</svrl:text></svrl:successful-report>
      <svrl:failed-assert test="z" id="NO-FLAG" location=""><svrl:text>m</svrl:text></svrl:failed-assert>
    </svrl:schematron-output>`;
    expect(readSvrl(svrl, 'CEN-EN16931-UBL')).toEqual([
      {
        rule: 'BR-CO-15',
        flag: 'fatal',
        message: '[BR-CO-15]-Invoice total amount with VAT',
        location: '/Invoice[1]/LegalMonetaryTotal[1]',
        ruleSet: 'CEN-EN16931-UBL',
      },
      { rule: 'UBL-CR-663', flag: 'warning', message: 'w', location: '/Invoice[1]', ruleSet: 'CEN-EN16931-UBL' },
      { rule: 'NO-FLAG', flag: 'fatal', message: 'm', location: '', ruleSet: 'CEN-EN16931-UBL' },
    ]);
  });
});
