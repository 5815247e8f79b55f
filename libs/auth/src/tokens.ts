import jwt from 'jsonwebtoken';
import { Identity, identityProblem } from './identity';

/**
 * Two kinds of signed tokens:
 * - the user token (issued by `login` or `amicus token`, checked by the gateway), and
 * - the gateway assertion: the gateway's short-lived statement of who is calling, checked by
 *   every subgraph, so that a request straight to a subgraph's port never gets data.
 */
const USER_AUDIENCE = 'amicus';
const GATEWAY_AUDIENCE = 'amicus-subgraph';
const ISSUER = 'amicus';

export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

interface IdentityClaims {
  role: Identity['role'];
  clientId: string | null;
  brandIds: string[];
  email: string | null;
}

function claimsOf(i: Identity): IdentityClaims {
  return { role: i.role, clientId: i.clientId, brandIds: i.brandIds, email: i.email };
}

function identityFrom(payload: jwt.JwtPayload): Identity {
  const identity: Identity = {
    subject: String(payload.sub ?? ''),
    role: payload.role,
    clientId: payload.clientId ?? null,
    brandIds: payload.brandIds ?? [],
    email: payload.email ?? null,
  };
  const problem = identityProblem(identity);
  if (problem) throw new AuthError(`invalid token: ${problem}`);
  return identity;
}

export function signUserToken(identity: Identity, secret: string, expiresInSeconds = 8 * 3600): string {
  const problem = identityProblem(identity);
  if (problem) throw new AuthError(`cannot sign: ${problem}`);
  return jwt.sign(claimsOf(identity), secret, {
    algorithm: 'HS256',
    subject: identity.subject,
    audience: USER_AUDIENCE,
    issuer: ISSUER,
    expiresIn: expiresInSeconds,
  });
}

export function verifyUserToken(token: string, secret: string): Identity {
  try {
    const payload = jwt.verify(token, secret, { algorithms: ['HS256'], audience: USER_AUDIENCE, issuer: ISSUER });
    if (typeof payload === 'string') throw new AuthError('invalid token');
    return identityFrom(payload);
  } catch (e) {
    if (e instanceof AuthError) throw e;
    throw new AuthError(e instanceof jwt.TokenExpiredError ? 'token expired' : 'invalid token');
  }
}

/** What the gateway says about a request: an identity, or that the caller is anonymous. */
export type GatewayAssertion = { identity: Identity | null };

export function signGatewayAssertion(identity: Identity | null, secret: string): string {
  const claims = identity ? { ...claimsOf(identity), anonymous: false } : { anonymous: true };
  return jwt.sign(claims, secret, {
    algorithm: 'HS256',
    subject: identity?.subject ?? 'anonymous',
    audience: GATEWAY_AUDIENCE,
    issuer: 'amicus-gateway',
    expiresIn: 60,
  });
}

export function verifyGatewayAssertion(token: string, secret: string): GatewayAssertion {
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, secret, { algorithms: ['HS256'], audience: GATEWAY_AUDIENCE, issuer: 'amicus-gateway' });
  } catch {
    throw new AuthError('request did not come through the gateway');
  }
  if (typeof payload === 'string') throw new AuthError('request did not come through the gateway');
  return { identity: payload.anonymous ? null : identityFrom(payload) };
}

/** The header that carries the gateway assertion from the gateway to the subgraphs. */
export const GATEWAY_ASSERTION_HEADER = 'x-amicus-gateway-assertion';
