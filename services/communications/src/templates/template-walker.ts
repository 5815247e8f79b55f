/**
 * The walk of a Handlebars syntax tree that resolves every name the way Handlebars will at
 * render time, collecting the variables used and the issues found (template-validation.ts).
 */
import { TEMPLATE_VARIABLES_BY_PATH, type VariableType } from './template-variables';

export type TemplateIssueCode =
  | 'syntax_error'
  | 'unknown_variable'
  | 'unknown_helper'
  | 'wrong_usage'
  | 'unescaped_output'
  | 'unsupported'
  | 'missing_mention'
  | 'forbidden_variable';

export interface TemplateIssue {
  code: TemplateIssueCode;
  message: string;
  /** 1-based line and 0-based column in the source, when the issue has a place. */
  line?: number;
  column?: number;
  variable?: string;
  mentionId?: string;
}

type HelperSpec = { block: boolean; params: number; accepts?: VariableType[] };

/** The helpers templates may call; anything else is refused (the renderer knows only these). */
export const TEMPLATE_HELPERS: Readonly<Record<string, HelperSpec>> = {
  if: { block: true, params: 1 },
  unless: { block: true, params: 1 },
  each: { block: true, params: 1, accepts: ['list', 'lines'] },
  with: { block: true, params: 1, accepts: ['object'] },
  money: { block: false, params: 1, accepts: ['money'] },
  date: { block: false, params: 1, accepts: ['date'] },
  isZero: { block: false, params: 1, accepts: ['money'] },
  eq: { block: false, params: 2 },
  multiline: { block: false, params: 1, accepts: ['string', 'lines'] },
};

const DATA_VARIABLES_IN_EACH = new Set(['index', 'first', 'last', 'key']);

interface Frame {
  /** Catalog path of the context object ('' at the root, 'claims' inside `#each claims`). */
  base: string;
  /** What `this` is in this frame. */
  type: VariableType;
  blockParams: Map<string, { path: string; type: VariableType }>;
  inEach: boolean;
}

interface Resolved {
  path: string;
  type: VariableType;
}

/** `claims[].number`, `claims.0.number`, `@root.debtor.name` → `claims.number`, `debtor.name`. */
export function canonicalName(variable: string): string {
  return variable
    .replace(/^@root\./, '')
    .replace(/\[\d*\]/g, '')
    .split('.')
    .filter((part) => part !== '' && part !== 'this' && !/^\d+$/.test(part))
    .join('.');
}

export class TemplateWalker {
  readonly issues: TemplateIssue[] = [];
  readonly used = new Set<string>();

  program(program: hbs.AST.Program, frames: Frame[]): void {
    for (const statement of program.body) this.statement(statement, frames);
  }

  private statement(node: hbs.AST.Statement, frames: Frame[]): void {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement':
        return this.mustache(node as hbs.AST.MustacheStatement, frames);
      case 'BlockStatement':
        return this.block(node as hbs.AST.BlockStatement, frames);
      default:
        this.issue(
          'unsupported',
          node,
          `${node.type
            .replace('Statement', '')
            .replace(/([a-z])([A-Z])/g, '$1 $2')
            .toLowerCase()}s (partials, decorators) are not supported in templates`,
        );
    }
  }

  private mustache(node: hbs.AST.MustacheStatement, frames: Frame[]): void {
    if (node.path.type !== 'PathExpression') {
      this.issue('wrong_usage', node, 'a literal cannot be output on its own; write the text directly');
      return;
    }
    const path = node.path as hbs.AST.PathExpression;
    const helper = TEMPLATE_HELPERS[path.original];
    if (!node.escaped) {
      this.issue(
        'unescaped_output',
        node,
        `{{{${path.original}}}} outputs the value as raw HTML; write {{${path.original}}} so it is escaped`,
      );
    }
    if (helper || node.params.length > 0) {
      this.helperCall(path, node.params, node, frames, false);
      return;
    }
    const resolved = this.resolve(path, frames, node);
    if (!resolved) return;
    const advice: Partial<Record<VariableType, string>> = {
      money: `format an amount with {{money ${path.original}}}`,
      date: `format a date with {{date ${path.original}}}`,
      lines: `print lines with {{#each ${path.original}}}{{this}}{{/each}} or {{multiline ${path.original}}}`,
      list: `print a list with {{#each ${path.original}}} … {{/each}}`,
      object: `${path.original} is a group of variables; use one of its fields`,
    };
    const problem = advice[resolved.type];
    if (problem) this.issue('wrong_usage', node, problem, resolved.path);
  }

  private block(node: hbs.AST.BlockStatement, frames: Frame[]): void {
    const name = node.path.original;
    const helper = TEMPLATE_HELPERS[name];
    if (!helper || !helper.block) {
      this.issue('unknown_helper', node, `{{#${name}}} is not a known block helper (allowed: #if, #unless, #each, #with)`);
      return;
    }
    const subject = this.helperCall(node.path, node.params, node, frames, true);
    const blockParams = node.program?.blockParams ?? [];
    let inner = frames;
    if ((name === 'each' || name === 'with') && subject) {
      const itemType: VariableType = name === 'with' ? 'object' : subject.type === 'lines' ? 'string' : 'object';
      const params = new Map<string, Resolved>();
      if (blockParams[0]) params.set(blockParams[0], { path: subject.path, type: itemType });
      if (blockParams[1]) params.set(blockParams[1], { path: '@index', type: 'number' });
      inner = [...frames, { base: subject.path, type: itemType, blockParams: params, inEach: name === 'each' }];
    } else if (name === 'each' || name === 'with') {
      // The subject is unknown (already reported): walk the body without checking its names.
      return;
    }
    if (node.program) this.program(node.program, inner);
    if (node.inverse) this.program(node.inverse, frames);
  }

  /** Checks a helper's name and parameters; returns the first parameter when it is a variable. */
  private helperCall(
    path: hbs.AST.PathExpression,
    params: hbs.AST.Expression[],
    node: hbs.AST.Node,
    frames: Frame[],
    block: boolean,
  ): Resolved | null {
    const helper = TEMPLATE_HELPERS[path.original];
    if (!helper) {
      const asVariable = this.resolve(path, frames, node, true);
      this.issue(
        asVariable ? 'wrong_usage' : 'unknown_helper',
        node,
        asVariable
          ? `${path.original} is a variable, not a helper; it takes no parameters`
          : `"${path.original}" is not a known helper (allowed: ${Object.keys(TEMPLATE_HELPERS).join(', ')})`,
      );
      return null;
    }
    if (helper.block !== block) {
      this.issue(
        'wrong_usage',
        node,
        block
          ? `${path.original} is not a block helper`
          : `${path.original} is a block helper; write {{#${path.original} …}} … {{/${path.original}}}`,
      );
    }
    if (params.length !== helper.params) {
      this.issue(
        'wrong_usage',
        node,
        `${path.original} takes ${helper.params} parameter${helper.params > 1 ? 's' : ''}, not ${params.length}`,
      );
    }
    let first: Resolved | null = null;
    params.forEach((param, index) => {
      const resolved = this.expression(param, frames);
      if (index === 0) first = resolved;
      if (resolved && index === 0 && helper.accepts && !helper.accepts.includes(resolved.type)) {
        this.issue(
          'wrong_usage',
          param,
          `${path.original} expects ${helper.accepts.join(' or ')}, but ${resolved.path} is ${resolved.type}`,
          resolved.path,
        );
      }
    });
    return first;
  }

  private expression(node: hbs.AST.Expression, frames: Frame[]): Resolved | null {
    if (node.type === 'PathExpression') return this.resolve(node as hbs.AST.PathExpression, frames, node);
    if (node.type === 'SubExpression') {
      const sub = node as hbs.AST.SubExpression;
      this.helperCall(sub.path as hbs.AST.PathExpression, sub.params, sub, frames, false);
      return null;
    }
    return null; // string, number, boolean literals
  }

  /** Resolves a name as Handlebars will, reports it when unknown, and records it as used. */
  private resolve(path: hbs.AST.PathExpression, frames: Frame[], node: hbs.AST.Node, quiet = false): Resolved | null {
    const found = this.lookup(path, frames);
    if ('problem' in found) {
      if (!quiet) this.issue('unknown_variable', node, found.problem, path.original);
      return null;
    }
    if (found.path !== '@index' && found.path !== '') {
      const parts = found.path.split('.');
      parts.forEach((_, i) => this.used.add(parts.slice(0, i + 1).join('.')));
    }
    return found;
  }

  private lookup(path: hbs.AST.PathExpression, frames: Frame[]): Resolved | { problem: string } {
    const parts = path.parts;
    if (path.data) {
      if (parts[0] === 'root') return this.at('', parts.slice(1), path.original, 'the root');
      if (DATA_VARIABLES_IN_EACH.has(parts[0]) && parts.length === 1) {
        return frames.some((frame) => frame.inEach)
          ? { path: '@index', type: 'number' }
          : { problem: `@${parts[0]} only exists inside {{#each}}` };
      }
      return { problem: `@${parts.join('.')} is not a known data variable (use @root, @index, @first, @last)` };
    }
    const explicitThis = /^(this|\.)(\/|\.|$)/.test(path.original);
    if (path.depth === 0 && !explicitThis && parts.length > 0) {
      for (let i = frames.length - 1; i >= 0; i--) {
        const param = frames[i].blockParams.get(parts[0]);
        if (param)
          return parts.length === 1 ? param : this.at(param.path, parts.slice(1), path.original, `the block parameter "${parts[0]}"`);
      }
    }
    if (path.depth >= frames.length) return { problem: `${path.original} climbs out of the template (too many ../)` };
    const frame = frames[frames.length - 1 - path.depth];
    if (parts.length === 0) return { path: frame.base, type: frame.type };
    const where = frame.base
      ? `inside {{#each ${frame.base}}} or {{#with ${frame.base}}}, where names are fields of ${frame.base}`
      : 'the template context';
    const result = this.at(frame.base, parts, path.original, where);
    if ('problem' in result && frame.base && TEMPLATE_VARIABLES_BY_PATH.has(parts.join('.'))) {
      return {
        problem: `${result.problem}; to reach ${parts.join('.')} from here write @root.${parts.join('.')} or ../${parts.join('.')}`,
      };
    }
    return result;
  }

  private at(base: string, parts: string[], original: string, where: string): Resolved | { problem: string } {
    const full = [base, ...parts].filter(Boolean).join('.');
    const variable = TEMPLATE_VARIABLES_BY_PATH.get(full);
    if (!variable) return { problem: `Unknown variable "${original}" (${where}: "${full}" is not in the variable catalog)` };
    return { path: full, type: variable.type };
  }

  private issue(code: TemplateIssueCode, node: hbs.AST.Node, message: string, variable?: string): void {
    const start = node.loc?.start;
    this.issues.push({
      code,
      message: start ? `line ${start.line}: ${message}` : message,
      line: start?.line,
      column: start?.column,
      variable,
    });
  }
}
