/**
 * Validating a UBL invoice or credit note against Peppol BIS Billing 3.0: first that it is
 * well-formed XML with an Invoice or CreditNote of UBL 2.1 at its root (else `UblDocumentError`,
 * naming the line, column and element), then both rule sets — EN 16931 (CEN-EN16931-UBL) and
 * Peppol's (PEPPOL-EN16931-UBL) — run by saxon-js from their compiled SEF, their SVRL read back
 * into findings. A document is valid when no rule with flag `fatal` failed; warnings are listed.
 */
import fs from 'node:fs';
import { DomainError } from '@amicus/errors';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import SaxonJS from 'saxon-js';
import { ensurePeppolRules, PEPPOL_RULES_RELEASE, RULE_SETS, type PeppolRules, type RuleSet } from './rules';

export const UBL_INVOICE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
export const UBL_CREDIT_NOTE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
const SVRL_NS = 'http://purl.oclc.org/dsdl/svrl';

export type UblDocumentType = 'Invoice' | 'CreditNote';

/** One failed assertion (or report) of a rule set. */
export interface PeppolFinding {
  /** The rule's id: `BR-CO-15`, `PEPPOL-EN16931-R003`, `UBL-CR-663` … */
  rule: string;
  /** `fatal` refuses the document; `warning` (and `information`) do not. */
  flag: string;
  message: string;
  /** Where in the document, as a path without namespaces: `/Invoice[1]/InvoiceLine[2]`. */
  location: string;
  ruleSet: RuleSet;
}

export interface PeppolValidation {
  document: UblDocumentType;
  /** The document's cbc:ID (invoice number), when it has one. */
  id: string | null;
  valid: boolean;
  /** Failed rules with flag fatal (or no flag): any of them refuses the document. */
  errors: PeppolFinding[];
  warnings: PeppolFinding[];
  /** The rule sets run, with the release they come from. */
  rules: { release: string; ruleSets: RuleSet[] };
}

/** Not a UBL invoice or credit note at all (not XML, another root): no rule was run. */
export class UblDocumentError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    /** The element path where it went wrong (`Invoice/cac:AccountingSupplierParty`), or null before the root. */
    readonly element: string | null,
  ) {
    super(message);
    this.name = 'UblDocumentError';
  }
}

/**
 * Well-formedness and the root element, without running the rules. Refuses a DOCTYPE (UBL has
 * none, and no entity of the document is ever expanded).
 */
export function checkUblDocument(xml: string): { document: UblDocumentType; id: string | null } {
  // saxes reports text before the root only where the text ends: say it where it starts.
  const start = /\S/.exec(xml.replace(/^\uFEFF/, ''));
  if (start && start[0] !== '<') {
    const before = xml.slice(0, start.index + (xml.startsWith('\uFEFF') ? 1 : 0)).split('\n');
    const line = before.length;
    const column = before[before.length - 1].length + 1;
    throw new UblDocumentError(
      `line ${line}, column ${column}: not XML: the first character is "${start[0]}", where an XML document starts with "<"`,
      line,
      column,
      null,
    );
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  const names: string[] = [];
  let root: UblDocumentType | null = null;
  let id: string | null = null;
  let inId = false;
  let failure: UblDocumentError | null = null;
  const where = () => (names.length ? names.join('/') : null);
  const fail = (reason: string) => {
    failure ??= new UblDocumentError(
      `line ${parser.line}, column ${parser.column + 1}${names.length ? ` (in ${names.join('/')})` : ''}: ${reason}`,
      parser.line,
      parser.column + 1,
      where(),
    );
  };
  parser.on('doctype', () => fail('a UBL document has no DOCTYPE'));
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (failure) return;
    if (names.length === 0) {
      if (tag.local === 'Invoice' && tag.uri === UBL_INVOICE_NS) root = 'Invoice';
      else if (tag.local === 'CreditNote' && tag.uri === UBL_CREDIT_NOTE_NS) root = 'CreditNote';
      else
        fail(
          `the root element is ${tag.local}${tag.uri ? ` in ${tag.uri}` : ' in no namespace'}; a UBL 2.1 invoice is Invoice in ${UBL_INVOICE_NS}, a credit note CreditNote in ${UBL_CREDIT_NOTE_NS}`,
        );
    }
    names.push(tag.name);
    inId = names.length === 2 && tag.local === 'ID' && id === null;
  });
  parser.on('text', (t) => {
    if (inId) id = (id ?? '') + t;
  });
  parser.on('closetag', () => {
    if (inId) id = (id ?? '').trim();
    inId = false;
    if (!failure) names.pop();
  });
  parser.on('error', (e) => fail(`not well-formed XML: ${e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')}`));
  try {
    parser.write(xml).close();
  } catch (e) {
    fail(`not well-formed XML: ${(e as Error).message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')}`);
  }
  if (failure) throw failure;
  if (!root) throw new UblDocumentError('line 1, column 1: no root element: the file is empty or holds no XML element', 1, 1, null);
  return { document: root, id };
}

const loaded = new Map<string, unknown>();

/** The parsed SEF of a rule set, read once per process (the EN 16931 one is 7 MB of JSON). */
function stylesheet(rules: PeppolRules, name: RuleSet): unknown {
  const file = rules.sef[name];
  let sef = loaded.get(file);
  if (!sef) {
    sef = JSON.parse(fs.readFileSync(file, 'utf8'));
    loaded.set(file, sef);
  }
  return sef;
}

/** Both rule sets over the document (made ready first if this machine has not compiled them yet). */
export async function validateUbl(xml: string): Promise<PeppolValidation> {
  const { document, id } = checkUblDocument(xml);
  const rules = await ensurePeppolRules();
  const findings: PeppolFinding[] = [];
  for (const ruleSet of RULE_SETS) {
    const svrl = SaxonJS.transform({ stylesheetInternal: stylesheet(rules, ruleSet), sourceText: xml, destination: 'serialized' }, 'sync');
    findings.push(...readSvrl(svrl.principalResult, ruleSet));
  }
  const errors = findings.filter((f) => !isWarning(f.flag));
  return {
    document,
    id,
    valid: errors.length === 0,
    errors,
    warnings: findings.filter((f) => isWarning(f.flag)),
    rules: { release: PEPPOL_RULES_RELEASE, ruleSets: [...RULE_SETS] },
  };
}

/**
 * For whoever issues the document: resolves with the validation when no fatal rule failed, else
 * throws a DomainError (invalid_input) with one problem per failed rule — the field is the rule's
 * id, the reason its message and where — so the refusal names the rule.
 */
export async function assertPeppolValid(xml: string): Promise<PeppolValidation> {
  let v: PeppolValidation;
  try {
    v = await validateUbl(xml);
  } catch (e) {
    if (e instanceof UblDocumentError) throw DomainError.invalid([{ field: e.element ?? '(document)', reason: e.message }]);
    throw e;
  }
  if (v.valid) return v;
  throw new DomainError(
    'invalid_input',
    `the ${v.document === 'Invoice' ? 'invoice' : 'credit note'}${v.id ? ` ${v.id}` : ''} fails the Peppol rules ${v.errors.map((e) => e.rule).join(', ')}`,
    v.errors.map((e) => ({ field: e.rule, reason: `${e.message}${e.location ? ` (at ${e.location})` : ''}` })),
    { rules: v.errors.map((e) => e.rule), release: v.rules.release },
  );
}

const isWarning = (flag: string) => flag === 'warning' || flag === 'information';

/** The failed asserts and successful reports of an SVRL report. */
export function readSvrl(svrl: string, ruleSet: RuleSet): PeppolFinding[] {
  const parser = new SaxesParser({ xmlns: true });
  const out: PeppolFinding[] = [];
  let current: PeppolFinding | null = null;
  let inText = false;
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (tag.uri !== SVRL_NS) return;
    if (tag.local === 'failed-assert' || tag.local === 'successful-report') {
      const attr = (n: string) => {
        const a = tag.attributes[n];
        return typeof a === 'string' ? a : (a?.value ?? '');
      };
      current = { rule: attr('id'), flag: attr('flag') || 'fatal', message: '', location: readableLocation(attr('location')), ruleSet };
    } else if (tag.local === 'text' && current) inText = true;
  });
  parser.on('text', (t) => {
    if (inText && current) current.message += t;
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    if (tag.uri !== SVRL_NS) return;
    if (tag.local === 'text') inText = false;
    else if ((tag.local === 'failed-assert' || tag.local === 'successful-report') && current) {
      current.message = current.message.replace(/\s+/g, ' ').trim();
      out.push(current);
      current = null;
    }
  });
  parser.write(svrl).close();
  return out;
}

/** `/*:Invoice[namespace-uri()='…'][1]/*:AccountingCustomerParty[namespace-uri()='…'][1]` → `/Invoice[1]/AccountingCustomerParty[1]`. */
function readableLocation(location: string): string {
  return location.replace(/\[namespace-uri\(\)='[^']*'\]/g, '').replace(/\*:/g, '');
}
