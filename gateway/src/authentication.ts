import { GraphQLError } from 'graphql';
import { AuthError, GATEWAY_ASSERTION_HEADER, Identity, identityProblem, signGatewayAssertion, verifyUserToken } from '@amicus/auth';
import type { GatewayConfig } from './config';

/**
 * The caller's identity from `Authorization: Bearer <token>`: null when there is no token
 * (anonymous calls reach only `login`), an error when a token is present but not valid.
 */
export function identityFromHeader(authorization: string | undefined, secret: string): Identity | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  try {
    if (!match) throw new AuthError('Authorization header must be "Bearer <token>"');
    return verifyUserToken(match[1], secret);
  } catch (e) {
    throw new GraphQLError(e instanceof AuthError ? e.message : 'invalid token', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}

/**
 * The gateway's assertion for one call to the subgraph `subgraph` (its name in the supergraph):
 * signed with the gateway's private key, for that subgraph alone, good for a minute.
 */
export function assertionFor(
  config: Pick<GatewayConfig, 'GATEWAY_ASSERTION_PRIVATE_KEY'>,
  subgraph: string,
  identity: Identity | null,
): string {
  return signGatewayAssertion(identity, config.GATEWAY_ASSERTION_PRIVATE_KEY, subgraph);
}

/** The headers of a call of the gateway's own (introspection, sign-in, webhooks) to a subgraph. */
export const assertionHeaders = (
  config: Pick<GatewayConfig, 'GATEWAY_ASSERTION_PRIVATE_KEY'>,
  subgraph: string,
  identity: Identity | null = null,
) => ({
  [GATEWAY_ASSERTION_HEADER]: assertionFor(config, subgraph, identity),
});

/** Where the cases service answers the gateway's session checks. */
export const SESSION_CHECK_PATH = '/internal/sessions/check';

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/**
 * Whether a signed-in token's session still holds, asked of the cases service (which keeps the
 * sessions and the users): a session signed out or revoked, or a user disabled, ends at once, and
 * a changed role or scope counts from the next request — the token's own claims are only what was
 * true at sign-in. Answers are kept SESSION_CHECK_CACHE_MS (a few seconds at most); tokens without
 * a session (scripts, `amicus token`) pass as they are. When cases does not answer, the request fails.
 */
export class SessionChecks {
  private readonly cache = new Map<string, { until: number; identity: Identity | null; reason: string }>();
  private readonly url: string;

  constructor(private readonly config: Pick<GatewayConfig, 'CASES_URL' | 'GATEWAY_ASSERTION_PRIVATE_KEY' | 'SESSION_CHECK_CACHE_MS'>) {
    this.url = new URL(config.CASES_URL).origin + SESSION_CHECK_PATH;
  }

  async current(identity: Identity | null): Promise<Identity | null> {
    if (!identity?.sessionId) return identity;
    const key = `${identity.subject}:${identity.sessionId}`;
    const now = Date.now();
    let entry = this.cache.get(key);
    if (!entry || entry.until <= now) {
      entry = { ...(await this.ask(identity)), until: now + this.config.SESSION_CHECK_CACHE_MS };
      if (this.config.SESSION_CHECK_CACHE_MS > 0) {
        if (this.cache.size > 10_000) this.cache.clear();
        this.cache.set(key, entry);
      }
    }
    if (!entry.identity) throw unauthenticated(`your session has ended (${entry.reason}): sign in again`);
    return entry.identity;
  }

  /** Forgets what it knows of a session (signed out through this gateway). */
  forget(identity: Identity): void {
    if (identity.sessionId) this.cache.delete(`${identity.subject}:${identity.sessionId}`);
  }

  private async ask(identity: Identity): Promise<{ identity: Identity | null; reason: string }> {
    let res: Response;
    try {
      res = await fetch(this.url, { method: 'POST', headers: assertionHeaders(this.config, 'cases', identity) });
    } catch {
      throw new GraphQLError('cannot check your session right now: the cases service does not answer', {
        extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
      });
    }
    const body = (await res.json().catch(() => ({}))) as { identity?: Identity; reason?: string };
    if (res.ok && body.identity && !identityProblem(body.identity)) return { identity: body.identity, reason: '' };
    if (res.status === 401) return { identity: null, reason: body.reason ?? 'revoked' };
    throw new GraphQLError('cannot check your session right now', { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
  }
}
