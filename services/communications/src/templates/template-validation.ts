/**
 * Checks a template before a version may be activated: it parses the Handlebars source and walks
 * the syntax tree, resolving every name the way Handlebars will at render time (`#each` and
 * `#with` change the context, `../` and `@root` climb out, block params name the item), and
 * reports unknown variables, misuse (an amount without `money`, unescaped output), and the legal
 * mentions the template lacks. The legal engine's required mentions come in as a parameter.
 */
import Handlebars from 'handlebars';
import { TemplateWalker, canonicalName, type TemplateIssue } from './template-walker';
import { TEMPLATE_VARIABLES_BY_PATH } from './template-variables';

export { TEMPLATE_HELPERS, type TemplateIssue, type TemplateIssueCode } from './template-walker';

/** As the legal engine returns them (`requiredMentions({ country, debtorKind, documentKind })`). */
export interface RequiredMention {
  id: string;
  rule: string;
  source: string;
  description: string;
  /** The mention is present when the template uses every one of these variables. */
  variables: string[];
}

export interface TemplateValidation {
  valid: boolean;
  issues: TemplateIssue[];
  /** Canonical names of every variable used (list items as `claims.number`), with their parents. */
  variables: string[];
}

/** Variables a kind's template may not use (a pre-due reminder names no charge), and why. */
export interface ForbiddenVariables {
  variables: readonly string[];
  reason: string;
}

export interface TemplateChecks {
  requiredMentions?: readonly RequiredMention[];
  forbiddenVariables?: ForbiddenVariables;
}

export function validateTemplate(source: string, options: TemplateChecks = {}): TemplateValidation {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /line (\d+)/.exec(message)?.[1];
    return {
      valid: false,
      issues: [
        {
          code: 'syntax_error',
          message: `The template cannot be parsed: ${message.split('\n')[0]}`,
          line: line ? Number(line) : undefined,
        },
      ],
      variables: [],
    };
  }
  const walker = new TemplateWalker();
  walker.program(program, [{ base: '', type: 'object', blockParams: new Map(), inEach: false }]);
  const variables = [...walker.used].sort();
  const issues = [
    ...walker.issues,
    ...missingMentions(walker.used, options.requiredMentions ?? []),
    ...forbiddenUses(walker.used, options.forbiddenVariables),
  ];
  return { valid: issues.length === 0, issues, variables };
}

/**
 * Checks several parts read together (an e-mail's subject, HTML and text): each part on its own
 * for variables and usage, and each body part, with the subject, for the mentions — a debtor may
 * read either the HTML or the text part, so both must carry every mention.
 */
export function validateTemplateParts(
  parts: Record<string, string>,
  options: TemplateChecks & { headerParts?: readonly string[] } = {},
): TemplateValidation {
  const headers = new Set(options.headerParts ?? ['subject']);
  const issues: TemplateIssue[] = [];
  const used = new Set<string>();
  const headerUsed = new Set<string>();
  const perPart = Object.entries(parts).map(([name, source]) => {
    const result = validateTemplate(source, { forbiddenVariables: options.forbiddenVariables });
    issues.push(...result.issues.map((issue) => ({ ...issue, message: `${name}: ${issue.message}` })));
    result.variables.forEach((variable) => used.add(variable));
    if (headers.has(name)) result.variables.forEach((variable) => headerUsed.add(variable));
    return { name, variables: result.variables };
  });
  for (const { name, variables } of perPart) {
    if (headers.has(name)) continue;
    const readTogether = new Set([...variables, ...headerUsed]);
    issues.push(
      ...missingMentions(readTogether, options.requiredMentions ?? []).map((issue) => ({ ...issue, message: `${name}: ${issue.message}` })),
    );
  }
  return { valid: issues.length === 0, issues, variables: [...used].sort() };
}

/** A forbidden variable used, or one inside it (`amounts.breakdown.amount` in `amounts.breakdown`). */
function forbiddenUses(used: ReadonlySet<string>, forbidden: ForbiddenVariables | undefined): TemplateIssue[] {
  if (!forbidden) return [];
  return forbidden.variables
    .filter((f) => [...used].some((u) => u === f || u.startsWith(`${f}.`)))
    .map((variable) => ({ code: 'forbidden_variable' as const, variable, message: `{{${variable}}} ${forbidden.reason}` }));
}

function missingMentions(used: ReadonlySet<string>, mentions: readonly RequiredMention[]): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const mention of mentions) {
    const absent = mention.variables.map(canonicalName).filter((variable) => !used.has(variable));
    if (absent.length === 0) continue;
    const unknown = absent.filter((variable) => !TEMPLATE_VARIABLES_BY_PATH.has(variable));
    const hint = unknown.length ? ` (not in the variable catalog, so no template can satisfy it: ${unknown.join(', ')})` : '';
    issues.push({
      code: 'missing_mention',
      mentionId: mention.id,
      message: `Missing required mention ${mention.id} (${mention.rule}, ${mention.source}): "${mention.description}". The template must use ${absent.map((variable) => `{{${variable}}}`).join(', ')}${hint}.`,
    });
  }
  return issues;
}
