import { DomainError, FieldProblem } from '@amicus/errors';
import { Identity, Role, isRole } from '@amicus/auth';

/** A person who logs in: agency staff, or a client's user. */
export interface User {
  id: string;
  email: string;
  role: Role;
  clientId: string | null;
  brandIds: string[];
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
  if (!isRole(input.role)) problems.push({ field: 'input.role', reason: `one of agency_admin, agent, legal, client_user` });
  if (input.role === 'client_user' && !input.clientId)
    problems.push({ field: 'input.clientId', reason: 'a client user belongs to a client' });
  if (input.role !== 'client_user' && input.clientId)
    problems.push({ field: 'input.clientId', reason: 'only a client user belongs to a client' });
  if (input.role !== 'agent' && input.brandIds?.length)
    problems.push({ field: 'input.brandIds', reason: 'only an agent is scoped to brands' });
  return problems;
}

export function assertNewUser(input: NewUser): void {
  const problems = checkNewUser(input);
  if (problems.length) throw DomainError.invalid(problems);
}

export function identityOf(user: User): Identity {
  return { subject: user.id, role: user.role, clientId: user.clientId, brandIds: user.brandIds, email: user.email };
}
