import { DomainError, FieldProblem } from '@amicus/errors';
import { Identity, Role, isRole } from '@amicus/auth';

/** A person who logs in: agency staff, or a client's user. */
export interface User {
  id: string;
  email: string;
  role: Role;
  clientId: string | null;
  brandIds: string[];
  /** Set while it may not sign in. */
  disabledAt?: Date | null;
  disabledReason?: string | null;
  createdAt?: Date;
}

export interface NewUser {
  email: string;
  password: string;
  role: string;
  clientId?: string | null;
  brandIds?: string[] | null;
}

export const MIN_PASSWORD_LENGTH = 10;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Checks a new user: a client user belongs to one client, an agent to brands, staff to neither. */
export function checkNewUser(input: NewUser): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normaliseEmail(input.email)))
    problems.push({ field: 'input.email', reason: 'not an e-mail address' });
  if (input.password.length < MIN_PASSWORD_LENGTH)
    problems.push({ field: 'input.password', reason: `at least ${MIN_PASSWORD_LENGTH} characters` });
  return [...problems, ...scopeProblems(input)];
}

/** What a role needs and forbids: a client user one client, an agent brands, other staff neither. */
export function scopeProblems(input: Pick<NewUser, 'role' | 'clientId' | 'brandIds'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isRole(input.role)) problems.push({ field: 'input.role', reason: `one of agency_admin, agent, legal, client_user` });
  if (input.role === 'client_user' && !input.clientId)
    problems.push({ field: 'input.clientId', reason: 'a client user belongs to a client' });
  if (input.role !== 'client_user' && input.clientId)
    problems.push({ field: 'input.clientId', reason: 'only a client user belongs to a client' });
  if (input.role !== 'agent' && input.brandIds?.length)
    problems.push({ field: 'input.brandIds', reason: 'only an agent is scoped to brands' });
  return problems;
}

/** A change of a user's role or scope: the fields not given stay as they are; the result must fit its role. */
export interface UserChange {
  role?: string | null;
  clientId?: string | null;
  brandIds?: string[] | null;
}

/**
 * The user after a change, or the problems with it. A role change drops what the new role may
 * not have (a client, brands) unless the change gives it; an admin does not change its own role
 * (the agency would be left without the admin who did it, by mistake, in one click).
 */
export function changedUser(user: User, change: UserChange, by: { subject: string }): { user: User } | { problems: FieldProblem[] } {
  const role = change.role ?? user.role;
  const roleChanged = role !== user.role;
  const next = {
    role,
    clientId: change.clientId !== undefined ? change.clientId : roleChanged ? null : user.clientId,
    brandIds: change.brandIds !== undefined && change.brandIds !== null ? [...new Set(change.brandIds)] : roleChanged ? [] : user.brandIds,
  };
  const problems = scopeProblems(next);
  if (roleChanged && user.id === by.subject) problems.push({ field: 'input.role', reason: 'an admin does not change its own role' });
  if (problems.length) return { problems };
  return { user: { ...user, role: next.role as Role, clientId: next.clientId ?? null, brandIds: next.brandIds } };
}

export function assertNewUser(input: NewUser): void {
  const problems = checkNewUser(input);
  if (problems.length) throw DomainError.invalid(problems);
}

export function identityOf(user: User): Identity {
  return { subject: user.id, role: user.role, clientId: user.clientId, brandIds: user.brandIds, email: user.email };
}
