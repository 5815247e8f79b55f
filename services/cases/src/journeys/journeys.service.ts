import { Inject, Injectable } from '@nestjs/common';
import type { Identity } from '@amicus/auth';
import { Clock, isCalendarDate } from '@amicus/calendar';
import { DomainError, type FieldProblem } from '@amicus/errors';
import { scopeSql } from '../case-file/case-listing';
import { CASES_CONFIG, type CasesConfig } from '../config';
import { caseScope, inScope, isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { caseJourney, type CaseJourney } from './case-journey';
import { migrateJourney } from './journey-migration';
import { journeyContext, type StepContext } from './journey-plan';
import { outgoingOn, type OutgoingReport } from './outgoing';

export interface OutgoingArgs {
  date?: string | null;
  clientId?: string | null;
  brandId?: string | null;
}

/** What the journeys will do and have done, read under the caller's walls; and an admin's move of a case to another version. */
@Injectable()
export class JourneysService {
  private readonly context: StepContext;

  constructor(
    private readonly tenant: TenantDatabase,
    private readonly clock: Clock,
    @Inject(CASES_CONFIG) config: Pick<CasesConfig, 'AMICUS_AGENCY_REGISTRATION'>,
  ) {
    this.context = journeyContext({
      clock,
      agencyRegistration: config.AMICUS_AGENCY_REGISTRATION || null,
      publish: () => Promise.reject(new Error('reading a plan publishes nothing')),
    });
  }

  /**
   * The steps due by the end of `date` (default today, in the agency's calendar) on the cases
   * the caller sees: an agency admin all, a client's user its client's, an agent its brands'.
   * Legal staff see none (a case with them has no journey going on).
   */
  async outgoing(identity: Identity, args: OutgoingArgs): Promise<OutgoingReport> {
    const now = this.clock.now();
    const date = args.date ?? this.clock.today(now);
    const problems: FieldProblem[] = [];
    if (!isCalendarDate(date)) problems.push({ field: 'date', reason: 'is not a date (YYYY-MM-DD)' });
    if (args.clientId != null && !isUuid(args.clientId)) problems.push({ field: 'clientId', reason: 'is not an id' });
    if (args.brandId != null && !isUuid(args.brandId)) problems.push({ field: 'brandId', reason: 'is not an id' });
    if (problems.length) throw DomainError.invalid(problems);
    const nothing: OutgoingReport = { date, goingOut: [], counts: [], heldBack: [] };
    if (identity.role === 'legal') return nothing;
    // A client's user asking about another client sees nothing, as if it had no cases.
    if (identity.role === 'client_user' && args.clientId != null && args.clientId !== identity.clientId) return nothing;
    const scope = caseScope(identity);
    const query = {
      date,
      clientId: args.clientId ?? null,
      brandId: args.brandId ?? null,
      scope: (params: unknown[]) => scopeSql(scope, params),
    };
    return this.tenant.run(identity, (m) => outgoingOn(m, this.context, query, now));
  }

  /** A case's journey, when the caller sees the case. */
  journey(identity: Identity, caseId: string): Promise<CaseJourney | null> {
    if (!isUuid(caseId)) return Promise.resolve(null);
    return this.tenant.run(identity, async (m) => {
      const [c]: { client_id: string; brand_id: string; phase: string }[] = await m.query(
        `SELECT client_id, brand_id, phase FROM cases.cases WHERE id = $1`,
        [caseId],
      );
      if (!c || !inScope(caseScope(identity), { clientId: c.client_id, brandId: c.brand_id, phase: c.phase })) return null;
      return caseJourney(m, caseId);
    });
  }

  /** Moves a case to another scenario version (the agency admin; the resolver checks the role), audited; its journey as it now stands. */
  async migrate(identity: Identity, input: { caseId: string; versionId: string; stepKey?: string | null }): Promise<CaseJourney> {
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      await migrateJourney(m, {
        caseId: input.caseId,
        versionId: input.versionId,
        stepKey: input.stepKey ?? null,
        actorId: identity.subject,
        now,
        timeZone: this.clock.timeZone,
        today: this.clock.today(now),
      });
      return (await caseJourney(m, input.caseId))!;
    });
  }
}
