import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { chooseScenario, type CaseProfile } from '../src/scenarios/scenario';
import { activeScenarios, clientSegments } from '../src/scenarios/scenario-store';
import { seedDefaultScenarios } from '../src/scenarios/scenario-seed';
import type { StepWire } from '../src/scenarios/scenario-wire';
import { ScenariosService } from '../src/scenarios/scenarios.service';
import { enterTenant, TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';
import { refusal } from './refusals';

/**
 * Scenarios in the real database: the seeded agency defaults, drafts, approval, activation (the
 * previous version retires in the same transaction), segments, and the walls — the explicit
 * filters and, beneath them, row-level security on every scenario table.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let service: ScenariosService;
const A = { clientId: '', brandIds: [] as string[] };
const B = { clientId: '', brandIds: [] as string[] };

const admin = who('agency_admin');
const userOf = (t: typeof A) => who('client_user', { clientId: t.clientId });
const agentOf = (t: typeof A) => who('agent', { brandIds: t.brandIds });

/** A BE consumer case of the tenant's first brand, as scenario selection sees it. */
const profileOf = (t: typeof A, extra: Partial<CaseProfile> = {}): CaseProfile => ({
  clientId: t.clientId,
  brandId: t.brandIds[0]!,
  debtorKind: 'consumer',
  country: 'BE',
  openMinor: 40_000n,
  segment: null,
  ...extra,
});

const steps = (...keys: string[]): StepWire[] =>
  keys.map((key, i) => ({
    key,
    kind: i === 0 ? 'first_reminder' : 'reminder',
    channel: 'preferred',
    delayDays: i === 0 ? 0 : 14,
    anchor: i === 0 ? 'placement' : 'previous_step',
  }));

/** Every row of a table the caller can see, asked without any filter. */
function unfiltered(identity: Identity, table: string): Promise<Record<string, unknown>[]> {
  return ds.transaction(async (m) => {
    await enterTenant(m, identity);
    return m.query(`SELECT * FROM cases.${table}`);
  });
}

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('scenarios'));
  service = new ScenariosService(new TenantDatabase(ds), new Clock('Europe/Brussels'));
  Object.assign(A, await seedClient(ds, { brands: ['A one', 'A two'] }));
  Object.assign(B, await seedClient(ds));
});
afterAll(() => drop());

describe('the agency defaults', () => {
  it('are seeded as active version 1 for BE and NL consumers and businesses, once', async () => {
    await ds.transaction((m) => seedDefaultScenarios(m, new Date()));
    const defaults = (await service.list(admin, null)).filter((s) => s.owner.kind === 'agency');
    expect(defaults.map((s) => s.owner)).toEqual(
      expect.arrayContaining([
        { kind: 'agency', country: 'BE', debtorKind: 'consumer' },
        { kind: 'agency', country: 'BE', debtorKind: 'business' },
        { kind: 'agency', country: 'NL', debtorKind: 'consumer' },
        { kind: 'agency', country: 'NL', debtorKind: 'business' },
      ]),
    );
    expect(defaults).toHaveLength(4);
    expect(defaults.every((s) => s.versions.length === 1 && s.versions[0]!.status === 'active' && s.versions[0]!.number === 1)).toBe(true);
  });

  it('are what a newly onboarded client’s cases follow', async () => {
    const active = await ds.transaction((m) => activeScenarios(m, B.clientId));
    const profile = profileOf(B);
    expect(chooseScenario(active, profile)?.owner).toEqual({ kind: 'agency', country: 'BE', debtorKind: 'consumer' });
  });
});

describe('a client’s scenario', () => {
  it('goes from a first draft, through the client’s approval, to active; the next activation retires it in the same change', async () => {
    const created = await service.create(admin, { clientId: A.clientId, name: 'A — standard', steps: steps('first', 'second') });
    expect(created.owner).toEqual({ kind: 'client', clientId: A.clientId, brandId: null, segment: null });
    const v1 = created.versions[0]!;
    expect(v1).toMatchObject({ number: 1, status: 'draft', approval: null });

    const me = userOf(A);
    const approved = await service.approve(me, v1.id);
    expect(approved.approval).toEqual({ by: me.subject, at: expect.any(Date) });
    expect(await refusal(service.approve(userOf(A), v1.id))).toEqual({ code: 'conflict', fields: [] });

    expect((await service.activate(admin, v1.id)).status).toBe('active');
    const v2 = await service.saveDraft(admin, created.id, steps('first', 'second', 'third'));
    expect(v2).toMatchObject({ number: 2, status: 'draft' });
    await service.activate(admin, v2.id);
    const after = (await service.one(admin, created.id))!;
    expect(after.versions.map((v) => [v.number, v.status])).toEqual([
      [1, 'retired'],
      [2, 'active'],
    ]);
    expect(await refusal(service.activate(admin, v1.id))).toEqual({ code: 'conflict', fields: [] });
    expect((await service.history(admin, created.id)).map((h) => [h.action, h.version, h.actorKind])).toEqual([
      ['create', null, 'admin'],
      ['save_draft', 1, 'admin'],
      ['approve', 1, 'client'],
      ['activate', 1, 'admin'],
      ['save_draft', 2, 'admin'],
      ['retire', 1, 'admin'],
      ['activate', 2, 'admin'],
    ]);

    const active = await ds.transaction((m) => activeScenarios(m, A.clientId));
    expect(active.filter((s) => s.owner.kind === 'client').map((s) => [s.name, s.version, s.steps.map((x) => x.key)])).toEqual([
      ['A — standard', 2, ['first', 'second', 'third']],
    ]);
    expect(active.filter((s) => s.owner.kind === 'agency')).toHaveLength(4);
    const profile = profileOf(A);
    expect(chooseScenario(active, profile)?.name).toBe('A — standard');
  });

  it('has one active version whatever two admins activate at once', async () => {
    const s = await service.create(admin, { clientId: A.clientId, brandId: A.brandIds[1]!, name: 'A two — brand', steps: steps('only') });
    const drafts = [s.versions[0]!, await service.saveDraft(admin, s.id, steps('x')), await service.saveDraft(admin, s.id, steps('y'))];
    await Promise.all(drafts.map((d) => service.activate(admin, d.id)));
    const statuses = (await service.one(admin, s.id))!.versions.map((v) => v.status);
    expect(statuses.filter((x) => x === 'active')).toHaveLength(1);
    expect(statuses.filter((x) => x === 'retired')).toHaveLength(2);
  });

  it('retires its active version: new cases fall back to the agency default', async () => {
    const s = await service.create(admin, { clientId: B.clientId, name: 'B — short', steps: steps('only') });
    await service.activate(admin, s.versions[0]!.id);
    expect((await service.retire(admin, s.versions[0]!.id)).status).toBe('retired');
    expect(await refusal(service.retire(admin, s.versions[0]!.id))).toEqual({ code: 'conflict', fields: [] });
    expect((await ds.transaction((m) => activeScenarios(m, B.clientId))).every((x) => x.owner.kind === 'agency')).toBe(true);
  });

  it('names every bad field of its input', async () => {
    const bad = await refusal(
      service.create(admin, {
        clientId: A.clientId,
        country: 'BE',
        name: ' ',
        steps: [{ key: 'Bad Key', kind: 'postcard', channel: 'sms', delayDays: 0, anchor: 'previous_step' }],
      }),
    );
    expect(bad).toEqual({
      code: 'invalid_input',
      fields: ['input.country', 'input.name', 'input.steps[0].kind', 'input.steps[0].key', 'input.steps[0].anchor'],
    });
    expect(await refusal(service.create(admin, { clientId: A.clientId, brandId: B.brandIds[0]!, name: 'x', steps: steps('a') }))).toEqual({
      code: 'invalid_input',
      fields: ['input.brandId'],
    });
    expect(await refusal(service.create(admin, { clientId: A.clientId, segment: 'nope', name: 'x', steps: steps('a') }))).toEqual({
      code: 'invalid_input',
      fields: ['input.segment'],
    });
    expect(await refusal(service.create(admin, { clientId: A.clientId, name: 'again', steps: steps('a') }))).toEqual({
      code: 'conflict',
      fields: ['input'],
    });
    expect(await refusal(service.create(admin, { country: 'BE', debtorKind: 'consumer', name: 'dup', steps: steps('a') }))).toMatchObject({
      code: 'conflict',
    });
  });
});

describe('segments', () => {
  it('are kept in order, pick a segment’s scenario, and cannot lose a segment a scenario uses', async () => {
    const set = await service.setSegments(admin, A.clientId, [
      { key: 'large', minOpenMinor: '100000' },
      { key: 'nl', countries: ['NL'] },
    ]);
    expect(set.map((s) => s.key)).toEqual(['large', 'nl']);
    expect(await ds.transaction((m) => clientSegments(m, A.clientId))).toEqual(set);
    const large = await service.create(admin, { clientId: A.clientId, segment: 'large', name: 'A — large', steps: steps('call-first') });
    await service.activate(admin, large.versions[0]!.id);
    const active = await ds.transaction((m) => activeScenarios(m, A.clientId));
    const profile = profileOf(A, { openMinor: 500_000n, segment: 'large' });
    expect(chooseScenario(active, profile)?.name).toBe('A — large');

    expect(await refusal(service.setSegments(admin, A.clientId, [{ key: 'nl', countries: ['NL'] }]))).toEqual({
      code: 'invalid_input',
      fields: ['input.segments'],
    });
    expect(await refusal(service.setSegments(admin, A.clientId, [{ key: 'x', countries: ['Holland'] }]))).toEqual({
      code: 'invalid_input',
      fields: ['input.segments[0].countries'],
    });
    expect(
      (
        await service.setSegments(admin, A.clientId, [
          { key: 'nl', countries: ['NL'] },
          { key: 'large', minOpenMinor: '50000' },
        ])
      ).map((s) => s.key),
    ).toEqual(['nl', 'large']);
  });
});

describe('walls', () => {
  it('show another client’s user nothing of A: not in lists, not by id, not to approve', async () => {
    const aScenario = (await service.list(admin, A.clientId)).find((s) => s.owner.kind === 'client')!;
    const other = userOf(B);
    expect(await service.list(other, A.clientId)).toEqual([]);
    expect(
      (await service.list(other, null)).every(
        (s) => s.owner.kind === 'agency' || (s.owner.kind === 'client' && s.owner.clientId === B.clientId),
      ),
    ).toBe(true);
    expect(await service.one(other, aScenario.id)).toBeNull();
    expect(await service.history(other, aScenario.id)).toEqual([]);
    expect(await service.segments(other, A.clientId)).toEqual([]);
    expect(await refusal(service.approve(other, aScenario.versions[0]!.id))).toEqual({ code: 'not_found', fields: ['input.versionId'] });
  });

  it('let an agent read its brands’ clients’ scenarios and the defaults, and nobody else’s', async () => {
    expect((await service.list(agentOf(A), A.clientId)).some((s) => s.owner.kind === 'client')).toBe(true);
    expect(await service.list(agentOf(B), A.clientId)).toEqual([]);
    expect((await service.list(who('legal'), null)).every((s) => s.owner.kind === 'agency')).toBe(true);
  });

  it('let a client user approve only its own client’s scenarios, not an agency default', async () => {
    const aDefault = (await service.list(userOf(A), null)).find((s) => s.owner.kind === 'agency')!;
    expect(await refusal(service.approve(userOf(A), aDefault.versions[0]!.id))).toEqual({ code: 'forbidden', fields: [] });
  });

  it('hold in Postgres too: a query with no filter at all sees only the caller’s client’s rows and the defaults', async () => {
    const aScenarioIds = (await service.list(admin, A.clientId)).filter((s) => s.owner.kind === 'client').map((s) => s.id);
    expect(aScenarioIds.length).toBeGreaterThan(0);
    const ofA = (rows: Record<string, unknown>[]) => rows.filter((r) => aScenarioIds.includes(String(r.scenario_id)));
    expect(ofA(await unfiltered(admin, 'scenario_versions')).length).toBeGreaterThan(0);
    for (const caller of [userOf(B), agentOf(B)]) expect(ofA(await unfiltered(caller, 'scenario_versions'))).toEqual([]);
    for (const table of ['scenarios', 'scenario_approvals', 'segments', 'scenario_history']) {
      const all = await unfiltered(admin, table);
      expect({ table, seesA: JSON.stringify(all).includes(A.clientId) }).toEqual({ table, seesA: true });
      for (const caller of [userOf(B), agentOf(B)]) {
        const rows = await unfiltered(caller, table);
        expect({ table, leaked: JSON.stringify(rows).includes(A.clientId) }).toEqual({ table, leaked: false });
      }
    }
    const versionsSeenByB = await unfiltered(userOf(B), 'scenario_versions');
    const versionsSeenByAdmin = await unfiltered(admin, 'scenario_versions');
    expect(versionsSeenByB.length).toBeGreaterThan(0);
    expect(versionsSeenByB.length).toBeLessThan(versionsSeenByAdmin.length);
  });

  it('refuse a client user’s writes to scenarios, and an approval for another client', async () => {
    const aVersion = (await unfiltered(admin, 'scenario_versions')).find((v) => v.status === 'draft' || v.status === 'active')!;
    const asTenant = (identity: Identity, sql: string, params: unknown[]) =>
      ds.transaction(async (m) => {
        await enterTenant(m, identity);
        await m.query(sql, params);
      });
    await expect(
      asTenant(
        userOf(A),
        `INSERT INTO cases.scenarios (id, client_id, name, created_by, created_at) VALUES ($1, $2, 'mine', 'me', now())`,
        [crypto.randomUUID(), A.clientId],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asTenant(userOf(A), `UPDATE cases.scenario_versions SET status = 'retired', retired_at = now() WHERE id = $1 RETURNING id`, [
        aVersion.id,
      ]),
    ).resolves.toBeUndefined();
    expect((await unfiltered(admin, 'scenario_versions')).find((v) => v.id === aVersion.id)!.status).toBe(aVersion.status);
    await expect(
      asTenant(
        userOf(B),
        `INSERT INTO cases.scenario_approvals (version_id, client_id, approved_by, approved_at) VALUES ($1, $2, 'me', now())`,
        [aVersion.id, B.clientId],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(ds.query(`UPDATE cases.scenario_history SET action = 'rewritten'`)).rejects.toThrow(/append-only/);
  });
});
