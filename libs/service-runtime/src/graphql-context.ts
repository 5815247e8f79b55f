import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { Identity, Role } from '@amicus/auth';
import { DomainError, isDomainError } from '@amicus/errors';
import type { AmicusRequest } from './gateway-guard';
import { beginRequestScope } from './tenant-database';

export interface GqlContext {
  identity: Identity | null;
  correlationId: string;
  /** The address of the person calling, as the gateway forwards it (for rate limits); 'unknown' without it. */
  clientAddress: string;
}

/** The header the gateway puts the caller's address in (a subgraph only takes requests from the gateway). */
export const CLIENT_ADDRESS_HEADER = 'x-amicus-client-ip';

/**
 * The context of one GraphQL request. A read-only request (a query) of a known caller gets a
 * request scope: its reads share one transaction per data source (see `beginRequestScope`),
 * committed once the response is done. The identity is the request's own copy, so the scope is
 * this request's alone even where the verified identity object were shared.
 */
export function contextFromRequest({ req }: { req: AmicusRequest }): GqlContext {
  const header = req.headers['x-correlation-id'];
  const address = req.headers[CLIENT_ADDRESS_HEADER];
  const identity = req.identity ? { ...req.identity, brandIds: [...req.identity.brandIds] } : null;
  const res = req.res;
  if (identity && res && isReadOnly(req.body)) {
    const scope = beginRequestScope(identity);
    const end = () => void scope.end();
    res.once('finish', end);
    res.once('close', end);
  }
  return {
    identity,
    correlationId: typeof header === 'string' && header ? header : crypto.randomUUID(),
    clientAddress: typeof address === 'string' && address ? address : 'unknown',
  };
}

/**
 * Whether a request body can only read: one document whose operations are all queries. Any
 * `mutation` or `subscription` word in it (an operation, or only a name that looks like one)
 * counts as a write, so a request that writes never shares its transactions.
 */
function isReadOnly(body: unknown): boolean {
  const query = (body as { query?: unknown } | null)?.query;
  return typeof query === 'string' && !/\b(mutation|subscription)\b/.test(query);
}

/**
 * A value made once per request (e.g. a DataLoader), kept for the request's context only.
 * `key` names the value (a class or a symbol of the caller's).
 */
export function perRequest<T>(ctx: GqlContext, key: object | symbol, make: () => T): T {
  let values = memos.get(ctx);
  if (!values) memos.set(ctx, (values = new Map()));
  if (!values.has(key)) values.set(key, make());
  return values.get(key) as T;
}
const memos = new WeakMap<GqlContext, Map<object | symbol, unknown>>();

/** The caller, or an authentication error. */
export function requireIdentity(ctx: GqlContext): Identity {
  if (!ctx.identity) throw new DomainError('unauthenticated', 'authentication required: log in and send the token');
  return ctx.identity;
}

/** The caller when it holds one of `roles`, or a forbidden error. */
export function requireRole(ctx: GqlContext, ...roles: Role[]): Identity {
  const identity = requireIdentity(ctx);
  if (!roles.includes(identity.role)) {
    throw new DomainError('forbidden', `this needs the role ${roles.join(' or ')}`);
  }
  return identity;
}

const CODES: Record<DomainError['code'], string> = {
  invalid_input: 'BAD_USER_INPUT',
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  unauthenticated: 'UNAUTHENTICATED',
  conflict: 'CONFLICT',
  legally_refused: 'LEGALLY_REFUSED',
  too_many_requests: 'TOO_MANY_REQUESTS',
};

/** Maps domain errors, once, to GraphQL errors that keep the code, the fields and the reasons. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (isDomainError(original)) {
    return {
      message: original.message,
      path: formatted.path,
      extensions: {
        code: CODES[original.code],
        ...(original.problems.length ? { problems: original.problems } : {}),
        ...original.details,
      },
    };
  }
  const code = formatted.extensions?.code;
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return formatted;
}
