import { Inject, Injectable } from '@nestjs/common';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { assessJson } from '@amicus/legal';
import { CASES_CONFIG, CasesConfig } from '../config';
import { CaseFileService } from '../case-file/case-file.service';
import { claimOfRow, type ClaimRow } from '../case-file/case-rows';
import { TenantDatabase } from '../tenancy/tenant-database';
import { assessmentView, caseJsonOf } from './case-assessment';

/** The legal engine asked about a case of the file, or about a case given whole ("what if"). */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly caseFile: CaseFileService,
    @Inject(CASES_CONFIG) private readonly config: CasesConfig,
    private readonly clock: Clock,
  ) {}

  async assessCase(identity: Identity, caseId: string, step: string | null, at: string | null) {
    const found = await this.caseFile.one(identity, caseId);
    if (!found) throw new DomainError('not_found', `case ${caseId} not found`);
    const facts = await this.tenant.run(identity, async (m) => {
      const [row] = await m.query(
        `SELECT d.kind, d.country, d.time_zone, cl.sme FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id JOIN cases.clients cl ON cl.id = c.client_id WHERE c.id = $1`,
        [caseId],
      );
      const claims: ClaimRow[] = await m.query(
        `SELECT * FROM cases.claims WHERE case_id = $1 ORDER BY due_date`,
        [caseId],
      );
      const history = await m.query(`SELECT id, case_id AS "caseId", kind, channel, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, complete FROM cases.contact_history WHERE case_id = $1 ORDER BY at`, [caseId]);
      return { row, claims, history };
    });
    const json = caseJsonOf(
      {
        debtor: { kind: facts.row.kind, country: facts.row.country.trim(), timeZone: facts.row.time_zone },
        client: { sme: facts.row.sme },
        agencyRegistration: this.config.AMICUS_AGENCY_REGISTRATION || null,
        currency: found.balance.currency,
        paidMinor: BigInt(found.balance.paidMinor),
        history: facts.history,
        claims: facts.claims.map(claimOfRow).map((c) => ({ ...c, principalMinor: BigInt(c.principalMinor) })),
      },
      at ?? this.clock.now().toISOString(),
      step,
    );
    return this.run(json, 'case');
  }

  assessHypothetical(caseJson: string) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(caseJson);
    } catch {
      throw DomainError.invalid([{ field: 'caseJson', reason: 'is not JSON' }]);
    }
    return this.run(parsed, 'caseJson');
  }

  private run(json: unknown, prefix: string) {
    const result = assessJson(json);
    if (!result.ok) throw DomainError.invalid(result.errors.map((e) => ({ field: `${prefix}.${e.field}`, reason: e.reason })));
    return assessmentView(result.result);
  }
}
