/**
 * Who is calling. Verified once by the gateway from the user's token and handed to the
 * subgraphs, which authorise every query and mutation against it.
 */
export const ROLES = ['agency_admin', 'agent', 'legal', 'client_user'] as const;
export type Role = (typeof ROLES)[number];

export interface Identity {
  /** The user's id, or `script:<role>:<person>` for tokens printed by `amicus token`. */
  subject: string;
  role: Role;
  /** A client user's one client. */
  clientId: string | null;
  /** The brands an agent works for. */
  brandIds: string[];
  email: string | null;
  /** The sign-in session the token belongs to (`login`); absent for script tokens. Revoked, the token stops working. */
  sessionId?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Checks the shape of an identity claim set; returns a problem, or null when it is sound. */
export function identityProblem(i: Partial<Identity>): string | null {
  if (typeof i.subject !== 'string' || !i.subject) return 'subject missing';
  if (!isRole(i.role)) return `unknown role ${JSON.stringify(i.role)}`;
  if (i.role === 'client_user' && !i.clientId) return 'a client_user needs a clientId';
  if (!Array.isArray(i.brandIds) || i.brandIds.some((b) => typeof b !== 'string')) return 'brandIds must be a list';
  if (i.sessionId !== undefined && (typeof i.sessionId !== 'string' || !i.sessionId)) return 'sessionId must be text';
  return null;
}

/**
 * Keys that work on one machine out of the box, and only there: with NODE_ENV=production every
 * service refuses to start on any of them (see `secretProblems`). The gateway-assertion pair is
 * Ed25519 (base64 DER): the gateway alone holds the private key, the subgraphs the public one.
 */
export const DEV_SECRETS = {
  jwt: 'amicus-dev-jwt-secret',
  gatewayPrivateKey: 'MC4CAQAwBQYDK2VwBCIEIDCGgacBLlZBVQNPRgBHF5h8BsKXkdLktxTDto3SeesT',
  gatewayPublicKey: 'MCowBQYDK2VwAyEA2WThed2bx074OcZyQserkUkEmHBWPsPrFrJqSd0AAyw=',
  payLink: 'amicus-dev-pay-link-secret',
  receipts: 'amicus-dev-receipt-secret',
  adminPassword: 'amicus-admin',
} as const;
