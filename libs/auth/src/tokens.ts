import crypto from 'node:crypto';
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
  sid?: string;
}

function claimsOf(i: Identity): IdentityClaims {
  return { role: i.role, clientId: i.clientId, brandIds: i.brandIds, email: i.email, ...(i.sessionId ? { sid: i.sessionId } : {}) };
}

function identityFrom(payload: jwt.JwtPayload): Identity {
  const identity: Identity = {
    subject: String(payload.sub ?? ''),
    role: payload.role,
    clientId: payload.clientId ?? null,
    brandIds: payload.brandIds ?? [],
    email: payload.email ?? null,
    ...(payload.sid !== undefined ? { sessionId: payload.sid } : {}),
  };
  const problem = identityProblem(identity);
  if (problem) throw new AuthError(`invalid token: ${problem}`);
  return identity;
}

const secretKeys = new Map<string, crypto.KeyObject>();
/**
 * The HMAC key of a user-token secret, built once per secret: handed a string, jsonwebtoken first
 * tries (and fails) to parse it as a PEM key and then builds a secret key, on every sign and verify.
 */
function hmacKey(secret: string): crypto.KeyObject | string {
  if (!secret) return secret; // jsonwebtoken refuses it as before
  let key = secretKeys.get(secret);
  if (!key) {
    if (secretKeys.size >= 64) secretKeys.clear(); // a process has one or two secrets; tests may make more
    secretKeys.set(secret, (key = crypto.createSecretKey(Buffer.from(secret, 'utf8'))));
  }
  return key;
}

/** How long a user token (a sign-in session) lasts. */
export const USER_TOKEN_SECONDS = 8 * 3600;

export function signUserToken(identity: Identity, secret: string, expiresInSeconds = USER_TOKEN_SECONDS): string {
  const problem = identityProblem(identity);
  if (problem) throw new AuthError(`cannot sign: ${problem}`);
  return jwt.sign(claimsOf(identity), hmacKey(secret), {
    algorithm: 'HS256',
    subject: identity.subject,
    audience: USER_AUDIENCE,
    issuer: ISSUER,
    expiresIn: expiresInSeconds,
  });
}

export function verifyUserToken(token: string, secret: string): Identity {
  try {
    const payload = jwt.verify(token, hmacKey(secret), { algorithms: ['HS256'], audience: USER_AUDIENCE, issuer: ISSUER });
    if (typeof payload === 'string') throw new AuthError('invalid token');
    return identityFrom(payload);
  } catch (e) {
    if (e instanceof AuthError) throw e;
    throw new AuthError(e instanceof jwt.TokenExpiredError ? 'token expired' : 'invalid token');
  }
}

/** What the gateway says about a request: an identity, or that the caller is anonymous. */
export type GatewayAssertion = { identity: Identity | null };

/** How long a gateway assertion is good for: one request's trip to one subgraph, with a little clock skew. */
export const GATEWAY_ASSERTION_SECONDS = 60;
const CLOCK_SKEW_SECONDS = 5;
const GATEWAY_ISSUER = 'amicus-gateway';
/** The audience of an assertion for one subgraph: a subgraph refuses one minted for another. */
export const gatewayAudience = (subgraph: string): string => `${GATEWAY_AUDIENCE}:${subgraph}`;

const keys = new Map<string, crypto.KeyObject>();
/** An Ed25519 key from PEM or base64 DER (PKCS#8 private, SPKI public); parsed once per value. */
function ed25519Key(material: string, kind: 'private' | 'public'): crypto.KeyObject {
  const cacheKey = `${kind}:${material}`;
  const cached = keys.get(cacheKey);
  if (cached) return cached;
  const pem = material.includes('-----BEGIN');
  const key =
    kind === 'private'
      ? pem
        ? crypto.createPrivateKey(material)
        : crypto.createPrivateKey({ key: Buffer.from(material, 'base64'), format: 'der', type: 'pkcs8' })
      : pem
        ? crypto.createPublicKey(material)
        : crypto.createPublicKey({ key: Buffer.from(material, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new AuthError(`the gateway assertion ${kind} key must be Ed25519`);
  keys.set(cacheKey, key);
  return key;
}

/** The problem with a gateway-assertion key's text, or null when it parses (for the config checks). */
export function gatewayKeyProblem(material: string, kind: 'private' | 'public'): string | null {
  try {
    ed25519Key(material, kind);
    return null;
  } catch (e) {
    return e instanceof AuthError ? e.message : `not an Ed25519 ${kind} key (PEM, or base64 DER)`;
  }
}

/** The public key that verifies what a private key signs (the gateway prints it for the subgraphs). */
export function gatewayPublicKeyOf(privateKey: string): string {
  return crypto.createPublicKey(ed25519Key(privateKey, 'private')).export({ format: 'der', type: 'spki' }).toString('base64');
}

const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const ASSERTION_HEADER = b64url({ alg: 'EdDSA', typ: 'JWT' });

/**
 * The gateway's statement of who calls, for one subgraph (`audience`), good for
 * GATEWAY_ASSERTION_SECONDS: an EdDSA (Ed25519) JWT. Only the gateway holds the private key, so a
 * subgraph can verify assertions but mint none — neither for itself nor for another.
 */
export function signGatewayAssertion(identity: Identity | null, privateKey: string, audience: string, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const claims = identity ? { ...claimsOf(identity), anonymous: false } : { anonymous: true };
  const payload = {
    ...claims,
    sub: identity?.subject ?? 'anonymous',
    iss: GATEWAY_ISSUER,
    aud: gatewayAudience(audience),
    iat,
    exp: iat + GATEWAY_ASSERTION_SECONDS,
    jti: crypto.randomUUID(),
  };
  const input = `${ASSERTION_HEADER}.${b64url(payload)}`;
  return `${input}.${crypto.sign(null, Buffer.from(input), ed25519Key(privateKey, 'private')).toString('base64url')}`;
}

/** Verifies an assertion for the subgraph `audience`: signature, issuer, audience, expiry. */
export function verifyGatewayAssertion(token: string, publicKey: string, audience: string, now = Date.now()): GatewayAssertion {
  const refused = (why: string) => new AuthError(`request did not come through the gateway (${why})`);
  const parts = token.split('.');
  if (parts.length !== 3) throw refused('not an assertion');
  const [header, body, signature] = parts as [string, string, string];
  let payload: jwt.JwtPayload;
  try {
    const h = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
    if (h.alg !== 'EdDSA') throw new Error('alg');
    if (!crypto.verify(null, Buffer.from(`${header}.${body}`), ed25519Key(publicKey, 'public'), Buffer.from(signature, 'base64url')))
      throw new Error('signature');
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as jwt.JwtPayload;
  } catch {
    throw refused('bad signature');
  }
  const seconds = Math.floor(now / 1000);
  if (payload.iss !== GATEWAY_ISSUER) throw refused('wrong issuer');
  if (payload.aud !== gatewayAudience(audience)) throw refused(`minted for another audience, not ${gatewayAudience(audience)}`);
  if (typeof payload.exp !== 'number' || payload.exp + CLOCK_SKEW_SECONDS < seconds) throw refused('expired');
  if (
    typeof payload.iat !== 'number' ||
    payload.iat - CLOCK_SKEW_SECONDS > seconds ||
    payload.exp - payload.iat > GATEWAY_ASSERTION_SECONDS
  )
    throw refused('bad lifetime');
  return { identity: payload.anonymous ? null : identityFrom(payload) };
}

/** The header that carries the gateway assertion from the gateway to the subgraphs. */
export const GATEWAY_ASSERTION_HEADER = 'x-amicus-gateway-assertion';
