import { DEV_SECRETS } from './identity';
import { gatewayKeyProblem } from './tokens';

/** The shortest secret production accepts, in bytes (HMAC-SHA256 keys: at least the hash's size). */
export const MIN_SECRET_BYTES = 32;

/** A setting holding a secret, as the production checks see it. */
export interface SecretSetting {
  /** Its environment variable, named in every refusal. */
  name: string;
  value: string;
  /** What it is for: two settings of different purposes must not hold one key. */
  purpose: 'sessions' | 'gateway-assertion' | 'payment-links' | 'webhooks';
  /** `hmac`: at least MIN_SECRET_BYTES; `ed25519-private`/`ed25519-public`: a key of that kind. */
  kind?: 'hmac' | 'ed25519-private' | 'ed25519-public';
}

const DEVELOPMENT_VALUES = new Set<string>(Object.values(DEV_SECRETS));

/** True when the environment says production (NODE_ENV=production): the only place the checks refuse. */
export const isProduction = (nodeEnv: string | undefined): boolean => nodeEnv === 'production';

/**
 * What is wrong with a service's secrets for production, one line per setting, each naming it:
 * a development default, a key too short, an Ed25519 key that is not one, or one key used for
 * two purposes. The public key of the gateway-assertion pair is not secret, but the development
 * one is refused too: its private half is public.
 */
export function secretProblems(settings: SecretSetting[]): string[] {
  const problems: string[] = [];
  for (const s of settings) {
    const kind = s.kind ?? 'hmac';
    // The development public key counts too: its private key is in the repository, anyone can sign with it.
    if (DEVELOPMENT_VALUES.has(s.value)) {
      problems.push(`${s.name}: is the development default; set a secret of your own in production`);
      continue;
    }
    if (kind === 'hmac' && Buffer.byteLength(s.value, 'utf8') < MIN_SECRET_BYTES) {
      problems.push(`${s.name}: is shorter than ${MIN_SECRET_BYTES} bytes (e.g. \`openssl rand -base64 48\`)`);
      continue;
    }
    if (kind !== 'hmac') {
      const problem = gatewayKeyProblem(s.value, kind === 'ed25519-private' ? 'private' : 'public');
      if (problem) problems.push(`${s.name}: ${problem} (\`amicus keys\` prints a pair)`);
    }
  }
  const hmac = settings.filter((s) => (s.kind ?? 'hmac') === 'hmac');
  for (let i = 0; i < hmac.length; i++)
    for (let j = i + 1; j < hmac.length; j++)
      if (hmac[i]!.value === hmac[j]!.value && hmac[i]!.purpose !== hmac[j]!.purpose)
        problems.push(`${hmac[j]!.name}: holds the same key as ${hmac[i]!.name}; each purpose needs its own`);
  return problems;
}

/** The shortest first-admin password production accepts. */
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

/** What is wrong with the configured first admin's password for production (empty: one is generated). */
export function adminPasswordProblem(name: string, value: string): string | null {
  if (value === '') return null;
  if (value === DEV_SECRETS.adminPassword)
    return `${name}: is the development default; leave it empty (a one-time password is printed) or set your own`;
  if (value.length < MIN_ADMIN_PASSWORD_LENGTH) return `${name}: is shorter than ${MIN_ADMIN_PASSWORD_LENGTH} characters`;
  return null;
}
