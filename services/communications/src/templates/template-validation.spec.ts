import { validateTemplate, validateTemplateParts, type RequiredMention } from './template-validation';

const principalMention: RequiredMention = {
  id: 'BE-C-3',
  rule: 'first reminder mentions',
  source: 'CEL XIX.2',
  description: 'the principal still due and the damages if unpaid',
  variables: ['amounts.principal', 'amounts.damagesIfUnpaid'],
};
const invoiceMention: RequiredMention = {
  id: 'BE-A-2-invoice',
  rule: 'obligation',
  source: 'CEL XIX.4',
  description: 'invoice number and date',
  variables: ['claims[].number', 'claims.issueDate'],
};

const codes = (source: string) => validateTemplate(source).issues.map((issue) => issue.code);

describe('validateTemplate', () => {
  it('accepts known variables, helpers and nested lists', () => {
    const result = validateTemplate(
      'Dear {{debtor.name}}, {{money amounts.total}} by {{date term.endDate}}. {{#each claims}}{{number}} {{date this.dueDate}} {{money principal}} {{../creditor.name}} {{@root.case.reference}} {{@index}}{{/each}}' +
        '{{#each debtor.addressLines}}{{this}}{{/each}}{{#if (eq debtor.kind "consumer")}}x{{else}}y{{/if}}{{multiline brand.footer}}',
    );
    expect(result.issues).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.variables).toEqual(
      expect.arrayContaining([
        'claims',
        'claims.number',
        'claims.dueDate',
        'claims.principal',
        'creditor.name',
        'case.reference',
        'debtor',
        'debtor.kind',
      ]),
    );
  });

  it('resolves block params: #each claims as |claim| makes claim.number a claim field', () => {
    const result = validateTemplate('{{#each claims as |claim i|}}{{claim.number}} {{i}} {{money claim.principal}}{{/each}}');
    expect(result.issues).toEqual([]);
    expect(result.variables).toContain('claims.number');
  });

  it('reports an unknown variable with its line and the catalog name it tried', () => {
    const [issue] = validateTemplate('Hello\n{{debtor.fullName}}').issues;
    expect(issue).toMatchObject({ code: 'unknown_variable', line: 2, variable: 'debtor.fullName' });
    expect(issue.message).toContain('"debtor.fullName" is not in the variable catalog');
  });

  it('explains that a root name inside #each needs @root or ../', () => {
    const [issue] = validateTemplate('{{#each claims}}{{debtor.name}}{{/each}}').issues;
    expect(issue.code).toBe('unknown_variable');
    expect(issue.message).toContain('@root.debtor.name');
  });

  it('refuses unknown fields of a block param and of this', () => {
    expect(codes('{{#each claims as |claim|}}{{claim.amount}}{{/each}}')).toEqual(['unknown_variable']);
    expect(codes('{{#each claims}}{{this.amount}}{{/each}}')).toEqual(['unknown_variable']);
  });

  it('refuses triple-stash and & output, which would not escape debtor data', () => {
    expect(codes('{{{debtor.name}}}')).toEqual(['unescaped_output']);
    expect(codes('{{& debtor.name}}')).toEqual(['unescaped_output']);
  });

  it('refuses an amount or a date printed without its helper, and a list printed whole', () => {
    expect(codes('{{amounts.total}}')).toEqual(['wrong_usage']);
    expect(codes('{{term.endDate}}')).toEqual(['wrong_usage']);
    expect(codes('{{claims}}')).toEqual(['wrong_usage']);
    expect(codes('{{money debtor.name}}')).toEqual(['wrong_usage']);
    expect(codes('{{#each debtor.name}}x{{/each}}')).toEqual(['wrong_usage']);
  });

  it('refuses unknown helpers, partials and @data outside #each', () => {
    expect(codes('{{shout debtor.name}}')).toEqual(['unknown_helper']);
    expect(codes('{{#shout}}x{{/shout}}')).toEqual(['unknown_helper']);
    expect(codes('{{> footer}}')).toEqual(['unsupported']);
    expect(codes('{{@index}}')).toEqual(['unknown_variable']);
    expect(codes('{{lookup claims 0}}')).toEqual(['unknown_helper']);
  });

  it('reports a syntax error instead of throwing', () => {
    const result = validateTemplate('{{#if debtor.name}}unclosed');
    expect(result.valid).toBe(false);
    expect(result.issues[0].code).toBe('syntax_error');
  });

  it('reports each missing mention with its id, rule, source and the variables to use', () => {
    const result = validateTemplate('{{money amounts.principal}}', { requiredMentions: [principalMention, invoiceMention] });
    expect(result.issues.map((issue) => issue.mentionId)).toEqual(['BE-C-3', 'BE-A-2-invoice']);
    expect(result.issues[0].message).toBe(
      'Missing required mention BE-C-3 (first reminder mentions, CEL XIX.2): "the principal still due and the damages if unpaid". The template must use {{amounts.damagesIfUnpaid}}.',
    );
  });

  it('counts a mention of list fields as present when used inside #each, with or without block params', () => {
    const mentions = [invoiceMention];
    expect(validateTemplate('{{#each claims}}{{number}} {{date issueDate}}{{/each}}', { requiredMentions: mentions }).valid).toBe(true);
    expect(
      validateTemplate('{{#each claims as |c|}}{{c.number}} {{date c.issueDate}}{{/each}}', { requiredMentions: mentions }).valid,
    ).toBe(true);
  });

  it('flags a mention naming a variable outside the catalog as impossible to satisfy', () => {
    const [issue] = validateTemplate('x', { requiredMentions: [{ ...principalMention, variables: ['debtor.birthDate'] }] }).issues;
    expect(issue.message).toContain('not in the variable catalog');
  });
});

describe('validateTemplateParts', () => {
  it('requires each body part (with the subject) to carry every mention', () => {
    const result = validateTemplateParts(
      { subject: 'Reminder {{money amounts.principal}}', html: '{{money amounts.damagesIfUnpaid}}', text: 'nothing' },
      { requiredMentions: [principalMention] },
    );
    expect(result.issues.map((issue) => issue.message.split(':')[0])).toEqual(['text']);
  });

  it('prefixes each problem with the part it is in', () => {
    const result = validateTemplateParts({ subject: '{{nope}}', html: 'ok' });
    expect(result.issues[0].message).toMatch(/^subject: line 1: Unknown variable "nope"/);
  });
});
