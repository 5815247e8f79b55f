import fc from 'fast-check';
import { DomainError } from '@amicus/errors';
import { DEFAULT_TEMPLATES } from './default-templates/default-templates';
import { TEMPLATE_KINDS, TEMPLATE_LANGUAGES } from './template-kinds';
import { DRAFT_BODY_LIMIT_BYTES, readTemplateDraft, templateSyntaxError } from './template-draft';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('readTemplateDraft', () => {
  it("reads a letter's body into the parts a saved letter version holds", () => {
    expect(readTemplateDraft({ kind: 'reminder', language: 'nl', body: '<p>{{debtor.name}}</p>' })).toEqual({
      kind: 'reminder',
      language: 'nl',
      channel: 'letter',
      parts: { html: '<p>{{debtor.name}}</p>' },
    });
  });

  it("reads an e-mail's subject, body and text part, and an SMS's body as its text", () => {
    expect(
      readTemplateDraft({
        kind: 'reminder',
        language: 'fr',
        channel: 'email',
        subject: 'S {{case.reference}}',
        body: '<p>x</p>',
        text: 'x',
      }).parts,
    ).toEqual({ subject: 'S {{case.reference}}', html: '<p>x</p>', text: 'x' });
    expect(readTemplateDraft({ kind: 'reminder', language: 'fr', channel: 'sms', body: 'Payez {{payment.link}}' }).parts).toEqual({
      text: 'Payez {{payment.link}}',
    });
  });

  it('names the unknown kind, language and channel', () => {
    const e = refusal(() => readTemplateDraft({ kind: 'ransom_note', language: 'es', channel: 'fax', body: '' }));
    expect(e.code).toBe('invalid_input');
    expect(e.problems.map((p) => p.field)).toEqual(['input.kind', 'input.language', 'input.channel']);
  });

  it('refuses a subject or text part on a channel that has none', () => {
    const e = refusal(() => readTemplateDraft({ kind: 'reminder', language: 'nl', channel: 'letter', subject: 'x', text: 'y', body: '' }));
    expect(e.problems.map((p) => p.field)).toEqual(['input.subject', 'input.text']);
  });

  it('refuses a body over the limit, saying its size and the limit', () => {
    const body = 'é'.repeat(DRAFT_BODY_LIMIT_BYTES / 2 + 1); // two UTF-8 bytes each: just over the limit
    const e = refusal(() => readTemplateDraft({ kind: 'reminder', language: 'nl', body }));
    expect(e.problems).toEqual([
      { field: 'input.body', reason: 'is 102402 bytes; a template body may hold at most 102400 bytes (100 kB)' },
    ]);
    expect(() => readTemplateDraft({ kind: 'reminder', language: 'nl', body: 'a'.repeat(DRAFT_BODY_LIMIT_BYTES) })).not.toThrow();
  });

  it('refuses a syntax error in the body with its line and column, as BAD_USER_INPUT on input.body', () => {
    const e = refusal(() =>
      readTemplateDraft({ kind: 'reminder', language: 'nl', body: '<p>Hello</p>\n<p>{{#if debtor.name}}Dear\n</p>' }),
    );
    expect(e.code).toBe('invalid_input');
    expect(e.problems).toEqual([
      { field: 'input.body', reason: 'line 2, column 4: {{#if}} is never closed: the template ends before its {{/if}}' },
    ]);
    expect(e.details).toEqual({
      syntax: [{ field: 'input.body', line: 2, column: 4, message: '{{#if}} is never closed: the template ends before its {{/if}}' }],
    });
  });

  it("names the e-mail's part a syntax error is in", () => {
    const e = refusal(() =>
      readTemplateDraft({ kind: 'reminder', language: 'en', channel: 'email', subject: 'Pay {{case.reference', body: '<p></p>', text: '' }),
    );
    expect(e.problems.map((p) => p.field)).toEqual(['input.subject']);
    expect(e.problems[0]!.reason).toMatch(/^line 1, column \d+: /);
  });
});

describe('templateSyntaxError', () => {
  it('finds the place of an unclosed expression', () => {
    expect(templateSyntaxError('<p>a</p>\n  {{debtor.name')).toMatchObject({ line: 2 });
  });

  it('names a block closed by another name where Handlebars finds it', () => {
    const error = templateSyntaxError('{{#if a}}\n  x\n{{/each}}');
    expect(error).toMatchObject({ line: 1, message: "if doesn't match each" });
  });

  it('names the innermost block left open, where it opened', () => {
    expect(templateSyntaxError('{{#each claims}}\n  {{#if number}}{{number}}{{/if}}\n  {{#unless x}}')).toEqual({
      line: 3,
      column: 3,
      message: '{{#unless}} is never closed: the template ends before its {{/unless}}',
    });
  });

  it('finds none in any default template', () => {
    for (const kind of TEMPLATE_KINDS)
      for (const language of TEMPLATE_LANGUAGES)
        for (const parts of Object.values(DEFAULT_TEMPLATES[kind][language]))
          for (const source of Object.values(parts as Record<string, string>)) expect(templateSyntaxError(source)).toBeNull();
  });

  it('reports a place inside the source for any text cut short after an opening {{', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z <>/p]{0,12}$/), { maxLength: 4 }),
        fc.stringMatching(/^[a-z.]{0,8}$/),
        (lines, name) => {
          const source = `${lines.join('\n')}\n{{${name}`;
          const error = templateSyntaxError(source);
          expect(error).not.toBeNull();
          const rows = source.split('\n');
          expect(error!.line).toBeGreaterThanOrEqual(1);
          expect(error!.line).toBeLessThanOrEqual(rows.length);
          expect(error!.column).toBeGreaterThanOrEqual(1);
          expect(error!.column).toBeLessThanOrEqual(rows[error!.line - 1]!.length + 1);
        },
      ),
    );
  });
});
