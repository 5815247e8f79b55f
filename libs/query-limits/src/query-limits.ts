/**
 * What one GraphQL request may cost, checked before anything runs: the depth of its selections,
 * the aliases in it, its tokens (while parsing) and a static cost (every field 1, a list field's
 * selections counted as if the list held `listFactor` items). The gateway applies them to what
 * callers send and each subgraph to what reaches it, with a little headroom for the federation
 * wrapper (`_entities(...) { ... on Case { … } }`). Each refusal is a validation error that names
 * the limit (`extensions.limit`), its maximum and what the request asked for.
 *
 * graphql-js rules in the style of graphql-depth-limit and GraphQL Armor (which is not installed
 * here): they see the document through fragments, and they leave introspection (`__schema`,
 * `__type`) to the token limit, so the Sandbox's introspection query still passes in development.
 */
import {
  ASTVisitor,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
  InlineFragmentNode,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
} from 'graphql';

export interface QueryLimits {
  /** Nested selections below the root, through fragments (`{ a { b } }` is 2). */
  maxDepth: number;
  /** Aliased fields in the whole document. */
  maxAliases: number;
  /** Lexical tokens of the document (graphql-js stops parsing past it). */
  maxTokens: number;
  /** The static cost of one operation. */
  maxCost: number;
  /** How many items a list field counts for when its selections are costed. */
  listFactor: number;
}

/** What a caller may send the gateway. The web app's largest query (the case file: depth 6, cost 1568, under 512 tokens) stays well below each. */
export const GATEWAY_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 30,
  maxTokens: 5000,
  maxCost: 5000,
  listFactor: 10,
};

/** What a subgraph accepts from the gateway: the gateway's limits and room for the `_entities` wrapper. */
export const SUBGRAPH_QUERY_LIMITS: QueryLimits = {
  maxDepth: GATEWAY_QUERY_LIMITS.maxDepth + 2,
  maxAliases: GATEWAY_QUERY_LIMITS.maxAliases + 10,
  maxTokens: GATEWAY_QUERY_LIMITS.maxTokens * 2,
  maxCost: GATEWAY_QUERY_LIMITS.maxCost * 10,
  listFactor: GATEWAY_QUERY_LIMITS.listFactor,
};

export type QueryLimitName = 'maxDepth' | 'maxAliases' | 'maxTokens' | 'maxCost';

/** A refusal, as the validation error's extensions carry it. */
export interface QueryLimitExceeded {
  limit: QueryLimitName;
  max: number;
  actual: number;
}

function refusal(what: string, exceeded: QueryLimitExceeded, nodes?: readonly FieldNode[] | OperationDefinitionNode): GraphQLError {
  return new GraphQLError(`the query's ${what} is ${exceeded.actual}, over the limit of ${exceeded.max} (${exceeded.limit})`, {
    nodes,
    extensions: { ...exceeded },
  });
}

const isIntrospection = (field: FieldNode) => field.name.value === '__schema' || field.name.value === '__type';

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

function fragmentsOf(context: ValidationContext): Fragments {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) map.set(d.name.value, d);
  return map;
}

/** A field and the fragments spread on the way to it (a fragment spread inside itself is not followed again). */
interface Selected {
  field: FieldNode;
  typeCondition: string | null;
  seen: ReadonlySet<string>;
}

/** The fields a selection set selects, through inline fragments and fragment spreads (each spread once per path). */
function* fieldsOf(set: SelectionSetNode, fragments: Fragments, seen: ReadonlySet<string>): Generator<Selected> {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) yield { field: s, typeCondition: null, seen };
    else if (s.kind === Kind.INLINE_FRAGMENT) yield* conditioned(s, fragments, seen);
    else if (!seen.has(s.name.value)) {
      const fragment = fragments.get(s.name.value);
      if (fragment) yield* conditioned(fragment, fragments, new Set([...seen, s.name.value]));
    }
  }
}

function* conditioned(
  node: InlineFragmentNode | FragmentDefinitionNode,
  fragments: Fragments,
  seen: ReadonlySet<string>,
): Generator<Selected> {
  const condition = node.typeCondition?.name.value ?? null;
  for (const f of fieldsOf(node.selectionSet, fragments, seen)) yield { ...f, typeCondition: f.typeCondition ?? condition };
}

/** The depth of a selection set: 1 for leaves directly in it, more for what they select. */
export function selectionDepth(set: SelectionSetNode, fragments: Fragments, seen: ReadonlySet<string> = new Set()): number {
  let depth = 0;
  for (const { field, seen: path } of fieldsOf(set, fragments, seen)) {
    if (isIntrospection(field)) continue;
    depth = Math.max(depth, 1 + (field.selectionSet ? selectionDepth(field.selectionSet, fragments, path) : 0));
  }
  return depth;
}

/** Refuses an operation whose selections nest deeper than `maxDepth`. */
export function depthLimit(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    return {
      OperationDefinition(operation) {
        const actual = selectionDepth(operation.selectionSet, fragments);
        if (actual > maxDepth) context.reportError(refusal('depth', { limit: 'maxDepth', max: maxDepth, actual }, operation));
      },
    };
  };
}

/** Refuses a document with more than `maxAliases` aliased fields. */
export function aliasLimit(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const aliased: FieldNode[] = [];
    return {
      Field(field) {
        if (field.alias) aliased.push(field);
      },
      Document: {
        leave() {
          if (aliased.length > maxAliases)
            context.reportError(
              refusal(
                'number of aliases',
                { limit: 'maxAliases', max: maxAliases, actual: aliased.length },
                aliased.slice(maxAliases, maxAliases + 1),
              ),
            );
        },
      },
    };
  };
}

function fieldType(parent: GraphQLNamedType | undefined, name: string): GraphQLOutputType | undefined {
  if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
  return parent.getFields()[name]?.type;
}

/**
 * The static cost of a selection set on `parent`: each field 1, a list field's selections times
 * `listFactor` (nested lists multiply). Unknown fields cost 1 (the schema's own rules refuse them).
 */
export function selectionCost(
  schema: GraphQLSchema,
  parent: GraphQLNamedType | undefined,
  set: SelectionSetNode,
  fragments: Fragments,
  listFactor: number,
  seen: ReadonlySet<string> = new Set(),
): number {
  let cost = 0;
  for (const { field, typeCondition, seen: path } of fieldsOf(set, fragments, seen)) {
    if (isIntrospection(field) || field.name.value === '__typename') continue;
    const on = typeCondition ? (schema.getType(typeCondition) ?? parent) : parent;
    const type = fieldType(on, field.name.value);
    cost += 1;
    if (!field.selectionSet) continue;
    const named = type ? getNamedType(type) : undefined;
    const inner = selectionCost(
      schema,
      named && isCompositeType(named) ? named : undefined,
      field.selectionSet,
      fragments,
      listFactor,
      path,
    );
    cost += inner * (type && isListType(getNullableType(type)) ? listFactor : 1);
  }
  return cost;
}

/** Refuses an operation whose static cost is over `maxCost`. */
export function costLimit(maxCost: number, listFactor: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    const schema = context.getSchema();
    return {
      OperationDefinition(operation) {
        const root = schema.getRootType(operation.operation) ?? undefined;
        const actual = selectionCost(schema, root, operation.selectionSet, fragments, listFactor);
        if (actual > maxCost) context.reportError(refusal('cost', { limit: 'maxCost', max: maxCost, actual }, operation));
      },
    };
  };
}

/** The validation rules for `limits` (the token limit is a parse option: `parseOptionsFor`). */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [depthLimit(limits.maxDepth), aliasLimit(limits.maxAliases), costLimit(limits.maxCost, limits.listFactor)];
}

const TOKEN_LIMIT = /Document contains more th(?:at|an) (\d+) tokens/;

/**
 * graphql-js's parse error for the token limit ("Syntax Error: Document contains more that 5000
 * tokens") as a refusal that names the limit like the others; any other error as it is.
 */
export function namingTokenLimit<E extends { message: string; extensions?: Record<string, unknown> }>(formatted: E): E {
  const match = TOKEN_LIMIT.exec(formatted.message);
  if (!match) return formatted;
  const max = Number(match[1]);
  return {
    ...formatted,
    message: `the query has more than ${max} tokens, over the limit of ${max} (maxTokens)`,
    extensions: { ...formatted.extensions, limit: 'maxTokens', max },
  };
}

/** graphql-js's parse options for `limits`: it stops reading a document past `maxTokens`. */
export function parseOptionsFor(limits: QueryLimits): { maxTokens: number } {
  return { maxTokens: limits.maxTokens };
}
