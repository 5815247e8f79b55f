import crypto from 'node:crypto';
import os from 'node:os';
import { DEV_SECRETS, Identity, gatewayPublicKeyOf, isRole, signUserToken } from '@amicus/auth';

/** Who runs the command, when `--as` does not say: the machine's user at the host. */
const operator = (): string => `${os.userInfo().username}@${os.hostname()}`;

/**
 * `amicus token`: a signed user token for scripts, with the role and scope asked for, naming the
 * person it is for (`--as`, else the operator's login) — what it does is audited under that
 * name (`script:<role>:<person>`), not under a bare role.
 */
export function scriptToken(
  opts: { role: string; client?: string; brand?: string[]; as?: string },
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (!isRole(opts.role)) throw new Error(`--role must be one of agency_admin, agent, legal, client_user (got ${opts.role})`);
  if (opts.role === 'client_user' && !opts.client) throw new Error('--client ID is required for a client_user');
  const person = (opts.as ?? '').trim() || operator();
  if (/\s/.test(person)) throw new Error(`--as must name one person without spaces (an e-mail address; got ${JSON.stringify(person)})`);
  const identity: Identity = {
    subject: `script:${opts.role}:${person}`,
    role: opts.role,
    clientId: opts.client ?? null,
    brandIds: opts.brand ?? [],
    email: person.includes('@') && opts.as ? person : null,
  };
  return signUserToken(identity, env.JWT_SECRET || DEV_SECRETS.jwt);
}

/** `amicus keys`: a fresh Ed25519 pair for the gateway's assertions, as the environment takes them. */
export function gatewayKeyPair(): { GATEWAY_ASSERTION_PRIVATE_KEY: string; GATEWAY_ASSERTION_PUBLIC_KEY: string } {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const priv = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  return { GATEWAY_ASSERTION_PRIVATE_KEY: priv, GATEWAY_ASSERTION_PUBLIC_KEY: gatewayPublicKeyOf(priv) };
}
