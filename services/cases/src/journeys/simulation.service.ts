import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock, isInstant, type Instant } from '@amicus/calendar';
import { DomainError, type FieldProblem } from '@amicus/errors';
import { PREFERRED_CHANNELS, type PreferredChannel } from '@amicus/contact';
import { validateCaseJson, type CaseInput } from '@amicus/legal';
import { caseJsonOf } from '../assessment/case-assessment';
import { loadCaseFacts } from '../assessment/case-facts';
import { openMinorOf } from '../case-file/case-rows';
import { CASES_CONFIG, type CasesConfig } from '../config';
import { currentRateTables } from '../rates/rate-store';
import { chooseScenario, type CaseProfile, type ScenarioStep } from '../scenarios/scenario';
import { activeScenarios, clientSegments, scenarioById, scenarioVersion } from '../scenarios/scenario-store';
import { caseScope, inScope, isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { mayGoOn } from './journey';
import { profileOf } from './journey-plan';
import { journeyCase, stepsOfJson } from './journey-store';
import { simulate, type Simulation, type SimulationInput } from './simulation';

export interface SimulateArgs {
  caseId?: string | null;
  /** A hypothetical case, as `amicus legal assess` reads it (its `now` and `step` are set by the simulation). */
  caseJson?: string | null;
  /** The version to simulate (a draft too); default: the case's own, else the one it would follow. */
  versionId?: string | null;
  /** ISO instant the timeline starts at; default now. */
  from?: string | null;
}

export interface ScenarioSimulation extends Simulation {
  scenarioName: string | null;
  scenarioVersion: number | null;
  from: Instant;
  /** Why there is no timeline (the case is closed, no scenario applies). */
  reason: string | null;
}

type Scenario = { name: string; version: number; steps: readonly ScenarioStep[] };

/** No client has it: a hypothetical case follows the agency's defaults. */
const NIL_CLIENT = '00000000-0000-0000-0000-000000000000';

/** The timeline a scenario would give a case, under the caller's walls; nothing is written. */
@Injectable()
export class SimulationService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly clock: Clock,
    @Inject(CASES_CONFIG) private readonly config: Pick<CasesConfig, 'AMICUS_AGENCY_REGISTRATION'>,
  ) {}

  async simulate(identity: Identity, args: SimulateArgs): Promise<ScenarioSimulation> {
    const problems: FieldProblem[] = [];
    if ((args.caseId == null) === (args.caseJson == null))
      problems.push({ field: 'caseId', reason: 'give a caseId or a caseJson, not both' });
    if (args.caseId != null && !isUuid(args.caseId)) problems.push({ field: 'caseId', reason: 'is not an id' });
    if (args.versionId != null && !isUuid(args.versionId)) problems.push({ field: 'versionId', reason: 'is not an id' });
    if (args.from != null && !isInstant(args.from)) problems.push({ field: 'from', reason: 'is not an ISO instant' });
    if (problems.length) throw DomainError.invalid(problems);
    const from = new Date(args.from ?? this.clock.now()).toISOString();
    return this.tenant.run(identity, async (m) => {
      const version = args.versionId ? await visibleVersion(m, args.versionId) : null;
      return args.caseId ? this.onCase(m, identity, args.caseId, version, from) : this.onHypothesis(m, args.caseJson!, version, from);
    });
  }

  private async onCase(
    m: EntityManager,
    identity: Identity,
    caseId: string,
    given: Scenario | null,
    from: Instant,
  ): Promise<ScenarioSimulation> {
    const row = await journeyCase(m, caseId, false);
    if (!row || !inScope(caseScope(identity), { clientId: row.client_id, brandId: row.brand_id, phase: row.phase }))
      throw new DomainError('not_found', `case ${caseId} not found`);
    const gate = mayGoOn(
      { phase: row.phase, holdUntil: row.hold_until, openMinor: openMinorOf(row) },
      this.clock.today(new Date(from)),
      this.clock.timeZone,
    );
    if (!gate.goOn && gate.until === null) return nothing(from, given, gate.reason);
    const start = gate.goOn ? from : gate.until;
    const profile = profileOf(row, await clientSegments(m, row.client_id));
    const [journey]: {
      scenario_name: string | null;
      version: number | null;
      steps: unknown;
      last_step_key: string | null;
      last_step_on: string | null;
    }[] = await m.query(
      `SELECT j.scenario_name, v.number AS version, j.steps, j.last_step_key, j.last_step_on::text
           FROM cases.case_journeys j LEFT JOIN cases.scenario_versions v ON v.id::text = j.scenario_version_id WHERE j.case_id = $1`,
      [caseId],
    );
    // The case's own version goes on from its last step; another one is simulated from its start.
    const own =
      !given && journey?.steps
        ? { name: journey.scenario_name ?? '', version: journey.version ?? 0, steps: stepsOfJson(journey.steps) }
        : null;
    const scenario = given ?? own ?? chooseScenario(await activeScenarios(m, row.client_id), profile);
    if (!scenario) return nothing(start, null, `no active scenario for a ${profile.debtorKind} debtor in ${profile.country}`);
    const facts = (await loadCaseFacts(m, caseId, this.config.AMICUS_AGENCY_REGISTRATION || null))!;
    return this.timeline(scenario, {
      caseJson: caseJsonOf(facts, start, null),
      claimIds: facts.claims.filter((c) => c.status === 'open').map((c) => c.id),
      steps: scenario.steps,
      profile,
      anchors: {
        dueDate: String(row.oldest_due_date),
        placedOn: this.clock.today(row.opened_at),
        previousStepOn: own ? (journey?.last_step_on ?? null) : null,
      },
      doneKey: own ? (journey?.last_step_key ?? null) : null,
      from: start,
      timeZone: this.clock.timeZone,
      preferredChannel: row.debtor_preferred_channel,
      rateTables: await currentRateTables(m),
    });
  }

  private async onHypothesis(m: EntityManager, text: string, given: Scenario | null, from: Instant): Promise<ScenarioSimulation> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw DomainError.invalid([{ field: 'caseJson', reason: 'is not JSON' }]);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw DomainError.invalid([{ field: 'caseJson', reason: 'is not a JSON object' }]);
    const json: Record<string, unknown> = { ...parsed, now: from };
    const read = validateCaseJson(json);
    if (!read.ok) throw DomainError.invalid(read.problems.map((p) => ({ field: `caseJson.${p.field}`, reason: p.reason })));
    const c = read.value.case;
    const profile = hypotheticalProfile(c);
    const scenario = given ?? chooseScenario(await activeScenarios(m, NIL_CLIENT), profile);
    if (!scenario) return nothing(from, null, `no active scenario for a ${profile.debtorKind} debtor in ${profile.country}`);
    const dueDates = c.claims.map((cl) => cl.dueDate ?? cl.issueDate).sort();
    return this.timeline(scenario, {
      caseJson: json,
      claimIds: c.claims.map((cl) => cl.id),
      steps: scenario.steps,
      profile,
      anchors: { dueDate: dueDates[0]!, placedOn: this.clock.today(new Date(from)), previousStepOn: null },
      doneKey: null,
      from,
      timeZone: this.clock.timeZone,
      preferredChannel: preferredOf(read.value.channel),
      rateTables: await currentRateTables(m),
    });
  }

  private timeline(scenario: Scenario, input: SimulationInput): ScenarioSimulation {
    return { scenarioName: scenario.name, scenarioVersion: scenario.version, from: input.from, reason: null, ...simulate(input) };
  }
}

/** A version that does not exist and one the caller may not see (row-level security) are the same. */
async function visibleVersion(m: EntityManager, versionId: string): Promise<Scenario> {
  const version = await scenarioVersion(m, versionId);
  const scenario = version && (await scenarioById(m, version.scenarioId));
  if (!version || !scenario) throw DomainError.invalid([{ field: 'versionId', reason: 'no such scenario version' }]);
  return { name: scenario.name, version: version.number, steps: version.steps };
}

function hypotheticalProfile(c: CaseInput): CaseProfile {
  const principal = c.claims.reduce((sum, cl) => sum + cl.principal.amountMinor, 0n);
  const paid = (c.payments ?? []).reduce((sum, p) => sum + p.amount.amountMinor, 0n);
  return { clientId: '', brandId: '', debtorKind: c.debtor.kind, country: c.debtor.country, openMinor: principal - paid, segment: null };
}

function nothing(from: Instant, scenario: Scenario | null, reason: string): ScenarioSimulation {
  return {
    scenarioName: scenario?.name ?? null,
    scenarioVersion: scenario?.version ?? null,
    from,
    reason,
    steps: [],
    terms: [],
    end: 'stopped',
  };
}

/** A hypothetical case's `channel`, as the debtor's preferred one. */
function preferredOf(channel: string | undefined): PreferredChannel | null {
  return PREFERRED_CHANNELS.find((c) => c === channel) ?? null;
}
