import { DEV_SECRETS, Identity, isRole, signUserToken } from '@amicus/auth';

/** `amicus token`: a signed user token for scripts, with the role and scope asked for. */
export function scriptToken(opts: { role: string; client?: string; brand?: string[] }, env: NodeJS.ProcessEnv = process.env): string {
  if (!isRole(opts.role)) throw new Error(`--role must be one of agency_admin, agent, legal, client_user (got ${opts.role})`);
  if (opts.role === 'client_user' && !opts.client) throw new Error('--client ID is required for a client_user');
  const identity: Identity = {
    subject: `script:${opts.role}`,
    role: opts.role,
    clientId: opts.client ?? null,
    brandIds: opts.brand ?? [],
    email: null,
  };
  return signUserToken(identity, env.JWT_SECRET || DEV_SECRETS.jwt);
}
