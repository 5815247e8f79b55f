import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { uuidV7 } from '@amicus/ids';
import { actorOf, isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import type { ScenarioStep, Segment } from './scenario';
import { activation, approval, nextVersionNumber, retirement, type VersionFacts } from './scenario-versions';
import { readOwner, readSegments, readSteps, type OwnerWire, type SegmentWire, type StepWire } from './scenario-wire';
import {
  assertClient,
  assertClientOwner,
  assertKnownSegments,
  clientOf,
  invalid,
  lockedScenario,
  mayRead,
  scopeSql,
  visibleScenario,
  visibleVersion,
} from './scenario-access';
import {
  appendHistory,
  clientSegments,
  findScenarios,
  historyOf,
  insertApproval,
  insertScenario,
  insertVersion,
  markActive,
  markRetired,
  replaceSegments,
  scenarioVersion,
  segmentsInUse,
  versionsOf,
  type ScenarioHistoryEntry,
  type StoredScenario,
  type StoredVersion,
} from './scenario-store';

export interface ScenarioWithVersions extends StoredScenario {
  versions: StoredVersion[];
}

export interface NewScenario extends OwnerWire {
  name: string;
  steps: StepWire[];
}

/**
 * The scenario use cases, one tenant transaction each, behind the walls of scenario-access.ts.
 * Writing: the agency admin; approving a version: the client's own user.
 */
@Injectable()
export class ScenariosService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly clock: Clock,
  ) {}

  /** The scenarios the caller may see; with `clientId`, that client's and the agency defaults (nothing when the client is out of reach). */
  list(identity: Identity, clientId: string | null): Promise<ScenarioWithVersions[]> {
    if (clientId !== null && !isUuid(clientId)) return Promise.resolve([]);
    return this.tenant.run(identity, async (m) => {
      const params: unknown[] = [];
      const wall = scopeSql(identity, params);
      if (clientId !== null && !(await mayRead(m, identity, clientId))) return [];
      params.push(clientId);
      const scenarios = await findScenarios(
        m,
        `${wall} AND ($${params.length}::uuid IS NULL OR s.client_id = $${params.length} OR s.client_id IS NULL)`,
        params,
      );
      return withVersions(m, scenarios);
    });
  }

  async one(identity: Identity, id: string): Promise<ScenarioWithVersions | null> {
    if (!isUuid(id)) return null;
    return this.tenant.run(identity, async (m) => {
      const scenario = await visibleScenario(m, identity, id);
      return scenario ? (await withVersions(m, [scenario]))[0]! : null;
    });
  }

  history(identity: Identity, scenarioId: string): Promise<ScenarioHistoryEntry[]> {
    return this.tenant.run(identity, async (m) => ((await visibleScenario(m, identity, scenarioId)) ? historyOf(m, scenarioId) : []));
  }

  segments(identity: Identity, clientId: string): Promise<Segment[]> {
    if (!isUuid(clientId)) return Promise.resolve([]);
    return this.tenant.run(identity, async (m) => ((await mayRead(m, identity, clientId)) ? clientSegments(m, clientId) : []));
  }

  /** A new scenario for an owner that has none, with its steps as draft version 1 (agency admin). */
  async create(identity: Identity, input: NewScenario): Promise<ScenarioWithVersions> {
    const name = input.name.trim();
    const { owner, problems } = readOwner(input);
    const read = readSteps(input.steps);
    if (!name || name.length > 200) problems.push({ field: 'name', reason: 'between 1 and 200 characters' });
    if (problems.length || read.problems.length || !owner) throw invalid([...problems, ...read.problems]);
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      if (owner.kind === 'client') await assertClientOwner(m, owner.clientId, owner.brandId, owner.segment, read.steps);
      else assertKnownSegments(null, read.steps, []);
      const scenario: StoredScenario = { id: uuidV7(), name, owner, createdBy: identity.subject, createdAt: now };
      if (!(await insertScenario(m, scenario)))
        throw new DomainError('conflict', 'this owner has a scenario already: save a new draft of it instead', [
          { field: 'input', reason: 'owner taken' },
        ]);
      const clientId = owner.kind === 'client' ? owner.clientId : null;
      await appendHistory(m, {
        clientId,
        scenarioId: scenario.id,
        version: null,
        actor: actorOf(identity),
        at: now,
        action: 'create',
        detail: { name, owner },
      });
      await this.insertDraft(m, identity, scenario, 1, read.steps, now);
      return (await withVersions(m, [scenario]))[0]!;
    });
  }

  /** A new draft version of a scenario, numbered after its last one (agency admin). */
  async saveDraft(identity: Identity, scenarioId: string, steps: StepWire[]): Promise<StoredVersion> {
    const read = readSteps(steps);
    if (read.problems.length) throw invalid(read.problems);
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      const scenario = await lockedScenario(m, identity, scenarioId);
      const o = scenario.owner;
      assertKnownSegments(
        o.kind === 'client' ? o : null,
        read.steps,
        o.kind === 'client' ? (await clientSegments(m, o.clientId)).map((s) => s.key) : [],
      );
      const number = nextVersionNumber(await versionsOf(m, [scenario.id]));
      return this.insertDraft(m, identity, scenario, number, read.steps, now);
    });
  }

  /** Activates a draft; the version active until now retires in the same transaction (agency admin). */
  async activate(identity: Identity, versionId: string): Promise<StoredVersion> {
    const now = this.clock.now();
    return this.changeVersion(identity, versionId, async (m, scenario, facts, version) => {
      const { activate, retire } = activation(facts, version.number);
      const base = { clientId: clientOf(scenario), scenarioId: scenario.id, actor: actorOf(identity), at: now };
      if (retire !== null) {
        await markRetired(m, scenario.id, retire, now);
        await appendHistory(m, { ...base, version: retire, action: 'retire', detail: { replacedBy: activate } });
      }
      await markActive(m, scenario.id, activate, identity.subject, now);
      await appendHistory(m, { ...base, version: activate, action: 'activate', detail: retire !== null ? { retired: retire } : undefined });
    });
  }

  /** Retires the active version: cases on it keep it, new cases follow the next level's scenario (agency admin). */
  async retire(identity: Identity, versionId: string): Promise<StoredVersion> {
    const now = this.clock.now();
    return this.changeVersion(identity, versionId, async (m, scenario, facts, version) => {
      await markRetired(m, scenario.id, retirement(facts, version.number), now);
      await appendHistory(m, {
        clientId: clientOf(scenario),
        scenarioId: scenario.id,
        version: version.number,
        actor: actorOf(identity),
        at: now,
        action: 'retire',
      });
    });
  }

  /** The client agrees a version of one of its own scenarios: who and when are recorded, once (client user). */
  async approve(identity: Identity, versionId: string): Promise<StoredVersion> {
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      const { scenario, version } = await visibleVersion(m, identity, versionId, false);
      if (scenario.owner.kind !== 'client' || scenario.owner.clientId !== identity.clientId) {
        throw new DomainError('forbidden', "only a scenario of the user's own client is approved by its user");
      }
      approval(factsOf(await versionsOf(m, [scenario.id])), version.number);
      if (!(await insertApproval(m, version.id, scenario.owner.clientId, identity.subject, now)))
        throw new DomainError('conflict', `version ${version.number} is already approved`);
      await appendHistory(m, {
        clientId: scenario.owner.clientId,
        scenarioId: scenario.id,
        version: version.number,
        actor: actorOf(identity),
        at: now,
        action: 'approve',
      });
      return (await scenarioVersion(m, version.id))!;
    });
  }

  /** Sets a client's ordered segments; a segment one of its scenarios uses cannot be dropped (agency admin). */
  async setSegments(identity: Identity, clientId: string, wire: SegmentWire[]): Promise<Segment[]> {
    const read = readSegments(wire);
    if (read.problems.length) throw invalid(read.problems);
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      await assertClient(m, clientId);
      // One change of a client's segments at a time (the list is replaced as a whole).
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`segments:${clientId}`]);
      const keys = read.segments.map((s) => s.key);
      const dropped = [...(await segmentsInUse(m, clientId))].filter(([key]) => !keys.includes(key));
      if (dropped.length)
        throw invalid(dropped.map(([key, name]) => ({ field: 'segments', reason: `"${key}" is used by the scenario "${name}"` })));
      await replaceSegments(m, clientId, read.segments, identity.subject, now);
      await appendHistory(m, {
        clientId,
        scenarioId: null,
        version: null,
        actor: actorOf(identity),
        at: now,
        action: 'set_segments',
        detail: { segments: keys },
      });
      return clientSegments(m, clientId);
    });
  }

  private async insertDraft(
    m: EntityManager,
    identity: Identity,
    scenario: StoredScenario,
    number: number,
    steps: ScenarioStep[],
    now: Date,
  ): Promise<StoredVersion> {
    const id = uuidV7();
    await insertVersion(m, {
      id,
      scenarioId: scenario.id,
      number,
      status: 'draft',
      steps,
      createdBy: identity.subject,
      createdAt: now,
      activatedBy: null,
      activatedAt: null,
      retiredAt: null,
    });
    await appendHistory(m, {
      clientId: clientOf(scenario),
      scenarioId: scenario.id,
      version: number,
      actor: actorOf(identity),
      at: now,
      action: 'save_draft',
      detail: { steps: steps.length },
    });
    return (await scenarioVersion(m, id))!;
  }

  /** Loads a version and its scenario (locked: one change of a scenario's versions at a time), lets `change` write, returns the version after. */
  private changeVersion(
    identity: Identity,
    versionId: string,
    change: (m: EntityManager, scenario: StoredScenario, facts: VersionFacts[], version: StoredVersion) => Promise<void>,
  ): Promise<StoredVersion> {
    return this.tenant.run(identity, async (m) => {
      const { scenario, version } = await visibleVersion(m, identity, versionId, true);
      await change(m, scenario, factsOf(await versionsOf(m, [scenario.id])), version);
      return (await scenarioVersion(m, version.id))!;
    });
  }
}

const factsOf = (versions: StoredVersion[]): VersionFacts[] =>
  versions.map((v) => ({ number: v.number, status: v.status, approved: v.approval !== null }));

async function withVersions(m: EntityManager, scenarios: StoredScenario[]): Promise<ScenarioWithVersions[]> {
  const versions = await versionsOf(
    m,
    scenarios.map((s) => s.id),
  );
  return scenarios.map((s) => ({ ...s, versions: versions.filter((v) => v.scenarioId === s.id) }));
}
