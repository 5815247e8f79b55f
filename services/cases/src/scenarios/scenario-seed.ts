import type { EntityManager } from 'typeorm';
import { uuidV7 } from '@amicus/ids';
import type { Actor } from '../case-lifecycle/case-lifecycle';
import { DEFAULT_SCENARIOS } from './default-scenarios';
import { appendHistory, insertScenario, insertVersion, type StoredScenario } from './scenario-store';

/**
 * The agency's default scenarios as active version 1, for each jurisdiction and debtor kind
 * that has none yet: idempotent, and an admin's later versions are left alone.
 */
export async function seedDefaultScenarios(m: EntityManager, at: Date): Promise<void> {
  const actor: Actor = { kind: 'system', id: 'default-scenarios' };
  for (const d of DEFAULT_SCENARIOS) {
    const scenario: StoredScenario = { id: uuidV7(), name: d.name, owner: d.owner, createdBy: actor.id, createdAt: at };
    if (!(await insertScenario(m, scenario))) continue;
    await insertVersion(m, {
      id: uuidV7(),
      scenarioId: scenario.id,
      number: 1,
      status: 'active',
      steps: d.steps,
      createdBy: actor.id,
      createdAt: at,
      activatedBy: actor.id,
      activatedAt: at,
      retiredAt: null,
    });
    await appendHistory(m, { clientId: null, scenarioId: scenario.id, version: 1, actor, at, action: 'seed' });
  }
}
