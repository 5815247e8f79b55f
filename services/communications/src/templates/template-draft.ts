/**
 * An unsaved template text, as the editor sends it to be previewed: read into the parts of its
 * channel, exactly as a saved version holds them, so that the draft is rendered and checked by
 * the same code as a saved version (rendering/preview.ts). What cannot be rendered at all — a
 * Handlebars syntax error, a body over the size limit, a part its channel has not — is refused
 * here with the field it is in and, for a syntax error, its line and column.
 */
import Handlebars from 'handlebars';
import { DomainError, type FieldProblem } from '@amicus/errors';
import {
  TEMPLATE_CHANNELS,
  isTemplateKind,
  isTemplateLanguage,
  type TemplateChannel,
  type TemplateKind,
  type TemplateLanguage,
  type TemplatePartsByChannel,
} from './template-kinds';

/** The largest body a draft may have (UTF-8 bytes): a letter body is a few kB, the default set's longest under 5 kB. */
export const DRAFT_BODY_LIMIT_BYTES = 100 * 1024;
export const DRAFT_TEXT_LIMIT_BYTES = 50 * 1024;
export const DRAFT_SUBJECT_LIMIT_CHARS = 500;

export interface TemplateDraftInput {
  kind: string;
  language: string;
  /** Default: letter. */
  channel?: string | null;
  /** An e-mail's subject. */
  subject?: string | null;
  /** The letter's or e-mail's HTML body, or the SMS text. */
  body: string;
  /** An e-mail's plain-text part. */
  text?: string | null;
}

export interface TemplateDraft<C extends TemplateChannel = TemplateChannel> {
  kind: TemplateKind;
  language: TemplateLanguage;
  channel: C;
  parts: TemplatePartsByChannel[C];
}

/** Where a Handlebars source stops parsing: 1-based line and column, and what is wrong there. */
export interface TemplateSyntaxError {
  line: number;
  column: number;
  message: string;
}

/** A syntax error in a field, for the editor to show by it. */
export interface DraftSyntaxProblem extends TemplateSyntaxError {
  field: string;
}

/**
 * The draft's parts for its channel, or a BAD_USER_INPUT naming each field that is wrong
 * (`input.body`, `input.subject`, …); syntax errors are also in the error's `syntax` detail
 * with their line and column.
 */
export function readTemplateDraft(input: TemplateDraftInput): TemplateDraft {
  const problems: FieldProblem[] = [];
  const channel = input.channel ?? 'letter';
  if (!isTemplateKind(input.kind)) problems.push({ field: 'input.kind', reason: `unknown kind ${input.kind}` });
  if (!isTemplateLanguage(input.language)) problems.push({ field: 'input.language', reason: 'must be nl, fr, de or en' });
  if (!(TEMPLATE_CHANNELS as readonly string[]).includes(channel))
    problems.push({ field: 'input.channel', reason: 'must be email, sms or letter' });
  if (problems.length) throw DomainError.invalid(problems);

  const c = channel as TemplateChannel;
  const sources: { name: 'subject' | 'body' | 'text'; source: string }[] = [{ name: 'body', source: input.body }];
  if (c === 'email') {
    sources.unshift({ name: 'subject', source: input.subject ?? '' });
    sources.push({ name: 'text', source: input.text ?? '' });
  } else {
    if (input.subject != null) problems.push({ field: 'input.subject', reason: `a ${c} has no subject (only an e-mail has one)` });
    if (input.text != null)
      problems.push({
        field: 'input.text',
        reason: c === 'sms' ? 'an SMS is its body alone: send its text as body' : 'a letter has no plain-text part',
      });
  }
  for (const { name, source } of sources) {
    const tooLarge = sizeProblem(name, source);
    if (tooLarge) problems.push({ field: `input.${name}`, reason: tooLarge });
  }
  if (problems.length) throw DomainError.invalid(problems);

  const syntax: DraftSyntaxProblem[] = [];
  for (const { name, source } of sources) {
    const error = templateSyntaxError(source);
    if (error) syntax.push({ field: `input.${name}`, ...error });
  }
  if (syntax.length) {
    const listed = syntax.map((s) => ({ field: s.field, reason: `line ${s.line}, column ${s.column}: ${s.message}` }));
    throw new DomainError('invalid_input', DomainError.invalid(listed).message, listed, { syntax });
  }

  const kind = input.kind as TemplateKind;
  const language = input.language as TemplateLanguage;
  switch (c) {
    case 'email':
      return { kind, language, channel: c, parts: { subject: input.subject ?? '', html: input.body, text: input.text ?? '' } };
    case 'sms':
      return { kind, language, channel: c, parts: { text: input.body } };
    case 'letter':
      return { kind, language, channel: c, parts: { html: input.body } };
  }
}

function sizeProblem(name: 'subject' | 'body' | 'text', source: string): string | null {
  if (name === 'subject')
    return source.length > DRAFT_SUBJECT_LIMIT_CHARS
      ? `is ${source.length} characters; a subject may have at most ${DRAFT_SUBJECT_LIMIT_CHARS}`
      : null;
  const limit = name === 'body' ? DRAFT_BODY_LIMIT_BYTES : DRAFT_TEXT_LIMIT_BYTES;
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes <= limit) return null;
  return `is ${bytes} bytes; a template ${name === 'body' ? 'body' : 'text part'} may hold at most ${limit} bytes (${limit / 1024} kB)`;
}

/**
 * Where Handlebars stops reading a source, or null when it parses. The parser's message names
 * the line only; the column is the lexer's position at the token it refused (read at once: the
 * parser is one per process and synchronous). A block the source ends inside is named with the
 * place it opened, where the fix belongs.
 */
export function templateSyntaxError(source: string): TemplateSyntaxError | null {
  try {
    Handlebars.parse(source);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const exception = error as { lineNumber?: number; column?: number };
    if (typeof exception.lineNumber === 'number') {
      // A Handlebars exception with its place (a block closed by another name: "if doesn't match each - 3:0").
      return { line: exception.lineNumber, column: (exception.column ?? 0) + 1, message: message.replace(/ - \d+:\d+$/, '') };
    }
    const parser = (Handlebars as unknown as { Parser?: { lexer?: { yylloc?: { first_line: number; first_column: number } } } }).Parser;
    const at = parser?.lexer?.yylloc;
    const line = Number(/on line (\d+)/.exec(message)?.[1] ?? at?.first_line ?? 1);
    const column = (at?.first_line === line ? at.first_column : 0) + 1;
    const expected = /\nExpecting (.*), got '([^']+)'/.exec(message);
    if (expected?.[2] === 'EOF') {
      const open = lastUnclosedBlock(source);
      if (open)
        return {
          line: open.line,
          column: open.column,
          message: `{{#${open.name}}} is never closed: the template ends before its {{/${open.name}}}`,
        };
      return { line, column, message: 'the template ends inside an expression or block' };
    }
    if (expected) return { line, column, message: `unexpected ${describeToken(expected[2]!)} (expected ${expected[1]})` };
    return { line, column, message: message.split('\n')[0]!.replace(/^Parse error on line \d+:?\s*/, '') || message };
  }
}

/** The innermost block still open at the end of the source (`{{#if …}}` without its `{{/if}}`). */
function lastUnclosedBlock(source: string): { name: string; line: number; column: number } | null {
  const open: { name: string; index: number }[] = [];
  for (const m of source.matchAll(/\{\{~?\s*([#/^])\s*>?\s*([\w.-]+)/g)) {
    if (m[1] === '/') {
      const at = open.map((o) => o.name).lastIndexOf(m[2]!);
      if (at >= 0) open.splice(at);
    } else if (m[1] === '#') open.push({ name: m[2]!, index: m.index });
  }
  const last = open.at(-1);
  if (!last) return null;
  const before = source.slice(0, last.index).split('\n');
  return { name: last.name, line: before.length, column: before.at(-1)!.length + 1 };
}

function describeToken(token: string): string {
  const words: Record<string, string> = {
    INVALID: 'text inside {{ }}',
    CLOSE: '}}',
    CLOSE_UNESCAPED: '}}}',
    OPEN_ENDBLOCK: '{{/',
    OPEN_BLOCK: '{{#',
    INVERSE: '{{else}}',
  };
  return words[token] ?? `'${token}'`;
}
