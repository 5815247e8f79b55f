/**
 * Who reaches which scenario, and the checks a client-owned scenario's owner passes: the
 * explicit walls of the use cases (row-level security, migration 1764500000000, holds the same
 * ones beneath them). Reading: the agency admin every scenario, a client user its client's, an
 * agent (and legal staff) its brands' clients', everyone the agency defaults.
 */
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { DomainError, type FieldProblem } from '@amicus/errors';
import { isUuid } from '../tenancy/tenant';
import type { ScenarioStep } from './scenario';
import { unknownSegments } from './scenario-wire';
import { clientSegments, scenarioById, scenarioVersion, type StoredScenario, type StoredVersion } from './scenario-store';

/** A use case's input problems, named from the input's root. */
export const invalid = (problems: FieldProblem[]) =>
  DomainError.invalid(problems.map((p) => ({ field: `input.${p.field}`, reason: p.reason })));
export const clientOf = (s: StoredScenario) => (s.owner.kind === 'client' ? s.owner.clientId : null);

/** The explicit wall on `cases.scenarios s` (row-level security holds the same one): the agency defaults, and the caller's clients'. */
export function scopeSql(identity: Identity, params: unknown[]): string {
  switch (identity.role) {
    case 'agency_admin':
      return 'true';
    case 'client_user':
      params.push(identity.clientId && isUuid(identity.clientId) ? [identity.clientId] : []);
      return `(s.client_id IS NULL OR s.client_id = ANY($${params.length}::uuid[]))`;
    case 'agent':
    case 'legal':
      params.push(identity.brandIds.filter(isUuid));
      return `(s.client_id IS NULL OR s.client_id IN (SELECT b.client_id FROM cases.brands b WHERE b.id = ANY($${params.length}::uuid[])))`;
  }
}

export async function mayRead(m: EntityManager, identity: Identity, clientId: string): Promise<boolean> {
  if (identity.role === 'agency_admin') return true;
  if (identity.role === 'client_user') return identity.clientId === clientId;
  const [row]: unknown[] = await m.query(`SELECT 1 FROM cases.brands WHERE client_id = $1 AND id = ANY($2::uuid[])`, [
    clientId,
    identity.brandIds.filter(isUuid),
  ]);
  return row !== undefined;
}

export async function visibleScenario(m: EntityManager, identity: Identity, id: string, forUpdate = false): Promise<StoredScenario | null> {
  if (!isUuid(id)) return null;
  const scenario = await scenarioById(m, id, forUpdate);
  const clientId = scenario ? clientOf(scenario) : null;
  return scenario && (clientId === null || (await mayRead(m, identity, clientId))) ? scenario : null;
}

export async function lockedScenario(m: EntityManager, identity: Identity, id: string): Promise<StoredScenario> {
  const scenario = await visibleScenario(m, identity, id, true);
  if (!scenario)
    throw new DomainError('not_found', `scenario ${id} not found`, [{ field: 'input.scenarioId', reason: 'no such scenario' }]);
  return scenario;
}

export async function visibleVersion(
  m: EntityManager,
  identity: Identity,
  versionId: string,
  lock: boolean,
): Promise<{ scenario: StoredScenario; version: StoredVersion }> {
  const version = isUuid(versionId) ? await scenarioVersion(m, versionId) : null;
  const scenario = version ? await visibleScenario(m, identity, version.scenarioId, lock) : null;
  if (!version || !scenario)
    throw new DomainError('not_found', `scenario version ${versionId} not found`, [
      { field: 'input.versionId', reason: 'no such version' },
    ]);
  return { scenario, version };
}

export async function assertClient(m: EntityManager, clientId: string): Promise<void> {
  const [client]: unknown[] = isUuid(clientId) ? await m.query(`SELECT 1 FROM cases.clients WHERE id = $1`, [clientId]) : [];
  if (!client) throw invalid([{ field: 'clientId', reason: 'no such client' }]);
}

export async function assertClientOwner(
  m: EntityManager,
  clientId: string,
  brandId: string | null,
  segment: string | null,
  steps: ScenarioStep[],
): Promise<void> {
  await assertClient(m, clientId);
  if (brandId !== null) {
    const [brand]: unknown[] = isUuid(brandId)
      ? await m.query(`SELECT 1 FROM cases.brands WHERE id = $1 AND client_id = $2`, [brandId, clientId])
      : [];
    if (!brand) throw invalid([{ field: 'brandId', reason: 'not a brand of this client' }]);
  }
  assertKnownSegments(
    { segment },
    steps,
    (await clientSegments(m, clientId)).map((s) => s.key),
  );
}

export function assertKnownSegments(owner: { segment: string | null } | null, steps: ScenarioStep[], known: string[]): void {
  const problems = unknownSegments(owner, steps, known);
  if (problems.length) throw invalid(problems);
}
