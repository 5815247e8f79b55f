import { Inject, Injectable } from '@nestjs/common';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { assessJson, assessJsonUnderStops, type LegalOptions, type LegalStops } from '@amicus/legal';
import { legalStopsOf } from '../debtor-flags/debtor-flag';
import { activeFlagsOfCases, costsStopUnderCounselling } from '../debtor-flags/debtor-flag-store';
import { CASES_CONFIG, CasesConfig } from '../config';
import { CaseReadsService } from '../case-file/case-reads.service';
import { currentRateTables } from '../rates/rate-store';
import { TenantDatabase } from '../tenancy/tenant-database';
import { assessmentView, caseJsonOf } from './case-assessment';
import { loadCaseFacts } from './case-facts';

/** The legal engine asked about a case of the file, or about a case given whole ("what if"). */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly reads: CaseReadsService,
    @Inject(CASES_CONFIG) private readonly config: CasesConfig,
    private readonly clock: Clock,
  ) {}

  async assessCase(identity: Identity, caseId: string, step: string | null, at: string | null) {
    const found = await this.reads.one(identity, caseId);
    if (!found) throw new DomainError('not_found', `case ${caseId} not found`);
    const { facts, rateTables, stops } = await this.tenant.run(identity, async (m) => ({
      facts: await loadCaseFacts(m, caseId, this.config.AMICUS_AGENCY_REGISTRATION || null),
      rateTables: await currentRateTables(m),
      // The debtor's legal stops (debtor-flags/): a collective debt settlement, costs stopped under counselling.
      stops: legalStopsOf((await activeFlagsOfCases(m, [caseId])).get(caseId) ?? [], await costsStopUnderCounselling(m, found.clientId)),
    }));
    if (!facts) throw new DomainError('not_found', `case ${caseId} not found`);
    const json = caseJsonOf(facts, at ?? this.clock.now().toISOString(), step);
    return this.run(json, 'case', rateTables, stops);
  }

  async assessHypothetical(identity: Identity, caseJson: string) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(caseJson);
    } catch {
      throw DomainError.invalid([{ field: 'caseJson', reason: 'is not JSON' }]);
    }
    return this.run(parsed, 'caseJson', await this.tenant.run(identity, currentRateTables));
  }

  /** The engine with the stored rate tables (the agency's, not the shipped seed). */
  private run(json: unknown, prefix: string, rateTables: LegalOptions['rateTables'], stops?: LegalStops) {
    const result = stops ? assessJsonUnderStops(json, stops, { rateTables }) : assessJson(json, { rateTables });
    if (!result.ok) throw DomainError.invalid(result.errors.map((e) => ({ field: `${prefix}.${e.field}`, reason: e.reason })));
    return assessmentView(result.result);
  }
}
