import crypto from 'node:crypto';
import express from 'express';
import { GraphQLError } from 'graphql';
import { rateLimit } from './rate-limit';
import { AuthError, Identity, verifyUserToken } from '@amicus/auth';
import type { GatewayConfig } from './config';
import { SessionChecks, assertionHeaders, identityFromHeader } from './authentication';

/**
 * The web app's sign-in: `POST /session` exchanges an e-mail and password (the cases subgraph's
 * `login`) for an httpOnly, SameSite=Strict session cookie holding the user's token, and a
 * readable CSRF cookie whose value the app sends back in `x-csrf-token` (double submit). No
 * token ever reaches the page's JavaScript. Bearer tokens (scripts, `amicus token`) work as before.
 */
export const SESSION_COOKIE = 'amicus_session';
export const CSRF_COOKIE = 'amicus_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The token's own lifetime (libs/auth signs user tokens for 8 hours). */
const SESSION_MAX_AGE_MS = 8 * 3600 * 1000;

export interface SessionUser {
  id: string;
  email: string | null;
  role: Identity['role'];
  clientId: string | null;
  brandIds: string[];
}

const sessionUser = (i: Identity): SessionUser => ({
  id: i.subject,
  email: i.email,
  role: i.role,
  clientId: i.clientId,
  brandIds: i.brandIds,
});

function cookieOf(req: express.Request, name: string): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value ? value : undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Who calls /graphql: the bearer token when there is one, else the session cookie — which counts
 * only with the matching CSRF header, so another site's form or script cannot act as the user.
 */
export function requestIdentity(req: express.Request, secret: string): Identity | null {
  // Checked once per request: the body parser asks first (how much to read), then the context.
  let seen = verified.get(req);
  if (!seen || seen.secret !== secret) {
    try {
      seen = { secret, identity: tokenIdentity(req, secret) };
    } catch (error) {
      seen = { secret, error };
    }
    verified.set(req, seen);
  }
  if ('error' in seen) throw seen.error;
  return seen.identity;
}

/** What `requestIdentity` found for a request: its identity, or the error it refused it with. */
const verified = new WeakMap<express.Request, { secret: string } & ({ identity: Identity | null } | { error: unknown })>();

function tokenIdentity(req: express.Request, secret: string): Identity | null {
  if (req.headers.authorization) return identityFromHeader(req.headers.authorization, secret);
  const token = cookieOf(req, SESSION_COOKIE);
  if (!token) return null;
  const csrf = req.headers[CSRF_HEADER];
  const expected = cookieOf(req, CSRF_COOKIE);
  if (typeof csrf !== 'string' || !expected || !sameSecret(csrf, expected)) {
    throw new GraphQLError(`a signed-in request needs the ${CSRF_HEADER} header with the value of the ${CSRF_COOKIE} cookie`, {
      extensions: { code: 'FORBIDDEN', http: { status: 403 } },
    });
  }
  try {
    return verifyUserToken(token, secret);
  } catch (e) {
    throw new GraphQLError(e instanceof AuthError ? `your session has ended (${e.message}): sign in again` : 'invalid session', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}

const checks = new WeakMap<GatewayConfig, SessionChecks>();
/** The gateway's one SessionChecks (and its cache) for a configuration. */
export function sessionChecksFor(config: GatewayConfig): SessionChecks {
  let c = checks.get(config);
  if (!c) checks.set(config, (c = new SessionChecks(config)));
  return c;
}

/**
 * Who calls /graphql as of now: `requestIdentity`, with a signed-in session checked with the
 * cases service (signed out, revoked, user disabled: refused; role or scope changed: the new one).
 */
export async function currentIdentity(req: express.Request, config: GatewayConfig): Promise<Identity | null> {
  return sessionChecksFor(config).current(requestIdentity(req, config.JWT_SECRET));
}

/** The address of the person calling, for the subgraphs' rate limits (the gateway listens on its own address). */
export const CLIENT_IP_HEADER = 'x-amicus-client-ip';
export const clientIp = (req: express.Request): string => req.socket.remoteAddress ?? 'unknown';

interface LoginAnswer {
  data?: { login?: { token: string } } | null;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
}

export function sessionRouter(config: GatewayConfig): express.Router {
  const router = express.Router();
  const secure = (req: express.Request) => req.secure;
  const cookieOptions = (req: express.Request) => ({
    sameSite: 'strict' as const,
    secure: secure(req),
    path: '/',
    maxAge: SESSION_MAX_AGE_MS,
  });
  // Guessing passwords: ten tries a minute per address, then a pause.
  const loginLimit = rateLimit({ points: 10, durationSeconds: 60 });

  router.post('/', express.json({ limit: '16kb' }), async (req, res) => {
    const body = (req.body ?? {}) as { email?: unknown; password?: unknown };
    const problems = [
      ...(typeof body.email === 'string' && body.email.trim() ? [] : [{ field: 'email', reason: 'is required' }]),
      ...(typeof body.password === 'string' && body.password ? [] : [{ field: 'password', reason: 'is required' }]),
    ];
    if (problems.length) return void res.status(400).json({ error: 'fill in your e-mail and password', problems });
    const wait = await loginLimit(clientIp(req));
    if (wait > 0) {
      res.setHeader('retry-after', String(Math.ceil(wait / 1000)));
      return void res.status(429).json({ error: `too many sign-in attempts: try again in ${Math.ceil(wait / 1000)} s` });
    }
    let answer: LoginAnswer;
    try {
      const upstream = await fetch(config.CASES_URL, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...assertionHeaders(config, 'cases'),
          // the cases service locks out addresses that keep failing: it needs the caller's
          [CLIENT_IP_HEADER]: clientIp(req),
        },
        body: JSON.stringify({
          query: 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }',
          variables: { e: body.email, p: body.password },
        }),
      });
      answer = (await upstream.json()) as LoginAnswer;
    } catch {
      return void res.status(503).json({ error: 'sign-in is not available right now: the cases service does not answer' });
    }
    const token = answer.data?.login?.token;
    if (!token) {
      const error = answer.errors?.[0];
      const code = error?.extensions?.code;
      const status = code === 'UNAUTHENTICATED' ? 401 : code === 'TOO_MANY_REQUESTS' ? 429 : 502;
      const retryAfter = error?.extensions?.retryAfterSeconds;
      if (status === 429 && typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
      return void res.status(status).json({ error: error?.message ?? 'sign-in failed' });
    }
    const identity = verifyUserToken(token, config.JWT_SECRET);
    res.cookie(SESSION_COOKIE, token, { ...cookieOptions(req), httpOnly: true });
    res.cookie(CSRF_COOKIE, crypto.randomBytes(24).toString('base64url'), cookieOptions(req));
    res.json({ user: sessionUser(identity) });
  });

  router.get('/', async (req, res) => {
    try {
      const token = cookieOf(req, SESSION_COOKIE);
      if (!token) return void res.status(401).json({ error: 'not signed in' });
      const identity = await sessionChecksFor(config).current(verifyUserToken(token, config.JWT_SECRET));
      res.json({ user: sessionUser(identity!) });
    } catch {
      res.status(401).json({ error: 'your session has ended: sign in again' });
    }
  });

  // Signing out ends the session at the cases service (the token stops working everywhere) and
  // clears both cookies; it needs the CSRF header like any other change.
  router.delete('/', async (req, res) => {
    const csrf = req.headers[CSRF_HEADER];
    const expected = cookieOf(req, CSRF_COOKIE);
    if (expected && (typeof csrf !== 'string' || !sameSecret(csrf, expected))) {
      return void res.status(403).json({ error: `signing out needs the ${CSRF_HEADER} header` });
    }
    const token = cookieOf(req, SESSION_COOKIE);
    let identity: Identity | null = null;
    try {
      identity = token ? verifyUserToken(token, config.JWT_SECRET) : null;
    } catch {
      identity = null; // an expired or foreign cookie: nothing to end, only cookies to clear
    }
    if (identity?.sessionId) {
      try {
        await fetch(config.CASES_URL, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...assertionHeaders(config, 'cases', identity),
            [CLIENT_IP_HEADER]: clientIp(req),
          },
          body: JSON.stringify({ query: 'mutation { logout }' }),
        });
      } catch {
        return void res.status(503).json({ error: 'signing out is not available right now: the cases service does not answer' });
      }
      sessionChecksFor(config).forget(identity);
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
    res.status(204).end();
  });
  return router;
}
