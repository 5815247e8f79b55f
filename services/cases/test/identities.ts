import type { Identity } from '@amicus/auth';

/** A caller of a role, with a fresh subject. */
export const who = (role: Identity['role'], extra: Partial<Identity> = {}): Identity => ({
  subject: crypto.randomUUID(),
  role,
  clientId: null,
  brandIds: [],
  email: null,
  ...extra,
});
