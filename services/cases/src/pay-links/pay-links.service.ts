import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { PayLinkIssued, createEvent } from '@amicus/events';
import { assessJson, demandStatement, toJson, validateCaseJson } from '@amicus/legal';
import { Outbox } from '@amicus/messaging';
import { LookupGuard, RUNTIME, type RuntimeContext } from '@amicus/service-runtime';
import { caseJsonOf, claimsInCase } from '../assessment/case-assessment';
import { loadCaseFacts } from '../assessment/case-facts';
import { insertAudit } from '../audit/audit-trail';
import { visibleCaseRow } from '../case-file/case-reads.service';
import { CASES_CONFIG, type CasesConfig } from '../config';
import { paymentReferenceOf } from '../payments/payments.service';
import { currentRateTables } from '../rates/rate-store';
import { actorOf, isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { disputesOfCase } from '../disputes/dispute-store';
import { debtorStatementOf, type DebtorCase, type DebtorStatementView } from './debtor-statement';
import { issuePayLinks, isWellFormedToken, payLinkNotFound, payLinkStanding, payLinkWire, tokenHashOf } from './pay-link';
import { enterPayLink, insertPayLinks, payLinkByHash, revokePayLinks } from './pay-link-store';

/** What a token opened: its case, and the statement its holder sees today. */
export interface OpenedPayLink {
  caseId: string;
  statement: DebtorStatementView;
}

/**
 * Pay links' use cases: the debtor's statement behind a link (anonymous: the token is the only
 * credential, rate-limited per address), and issuing a case's link anew (revoking the one before
 * it), announced to communications by PayLinkIssued in the same transaction.
 */
@Injectable()
export class PayLinksService {
  private readonly outbox: Outbox;

  constructor(
    private readonly tenant: TenantDatabase,
    @Inject(RUNTIME) runtime: Pick<RuntimeContext, 'schema' | 'topicPrefix'>,
    private readonly clock: Clock,
    @Inject(CASES_CONFIG) private readonly config: Pick<CasesConfig, 'AMICUS_AGENCY_REGISTRATION'>,
    /** The default limits (DEFAULT_LOOKUP_LIMITS); tests give their own. */
    @Optional() private readonly guard: LookupGuard = new LookupGuard(),
  ) {
    this.outbox = new Outbox(runtime.schema, { topicPrefix: runtime.topicPrefix });
  }

  /**
   * The statement a token opens, read as the holder of that one link (row-level security shows
   * it its case and nothing else). Unknown, expired or revoked: the same not_found; too many
   * failures from `clientAddress`: too_many_requests, whatever the token.
   */
  statement(token: string, clientAddress: string): Promise<DebtorStatementView> {
    return this.withLink(token, clientAddress, async (_m, link) => link.statement);
  }

  /**
   * A use case of a link's holder (its statement, paying online), in one transaction as that
   * holder: the same lookup, walls and rate limit as the statement. `work` gets the link's case
   * and its statement today; what it refuses is its own answer, not a failed lookup.
   */
  async withLink<T>(token: string, clientAddress: string, work: (m: EntityManager, link: OpenedPayLink) => Promise<T>): Promise<T> {
    await this.guard.admit(clientAddress);
    const found = isWellFormedToken(token)
      ? await this.tenant.db.transaction(async (m) => {
          const link = await this.open(m, tokenHashOf(token));
          return link ? { value: await work(m, link) } : null;
        })
      : null;
    if (!found) {
      await this.guard.failed(clientAddress);
      throw payLinkNotFound();
    }
    return found.value;
  }

  private async open(m: EntityManager, tokenHash: string): Promise<OpenedPayLink | null> {
    await enterPayLink(m, tokenHash);
    const now = this.clock.now();
    const link = await payLinkByHash(m, tokenHash);
    if (!link || payLinkStanding(link, now) !== 'open') return null;
    const [c]: DebtorCase[] = await m.query(
      `SELECT c.case_number::text AS "caseNumber", c.phase, c.outcome, trim(c.currency) AS currency, cl.name AS "clientName",
              b.name AS "brandName", d.name AS "debtorName", trim(d.language) AS language
         FROM cases.cases c JOIN cases.clients cl ON cl.id = c.client_id JOIN cases.brands b ON b.id = c.brand_id
         JOIN cases.debtors d ON d.id = c.debtor_id
        WHERE c.id = $1`,
      [link.caseId],
    );
    const facts = c && (await loadCaseFacts(m, link.caseId, this.config.AMICUS_AGENCY_REGISTRATION || null));
    if (!c || !facts) return null;
    const json = caseJsonOf(facts, now.toISOString(), null);
    const rateTables = await currentRateTables(m);
    // Every claim credited in full or recalled: the engine has no claim to state, nothing is owed.
    const result = claimsInCase(facts).length
      ? assessJson(json, { rateTables })
      : ({ ok: true, result: emptyStatementOf(facts.currency, this.clock.today(now), now) } as const);
    // The case file's own facts: the engine refusing them is a fault, not the debtor's input.
    if (!result.ok) throw new Error(`the legal engine refused case ${link.caseId}: ${JSON.stringify(result.errors)}`);
    const disputes = (await disputesOfCase(m, link.caseId)).map((d) => ({
      id: d.id,
      claimIds: d.claimIds,
      reason: d.reason,
      text: d.text,
      status: d.status,
      raisedAt: new Date(d.raisedAt),
      outcome: d.resolution?.outcome ?? null,
      explanation: d.resolution?.explanation ?? null,
    }));
    // While a dispute is open the page asks for what a letter would: the undisputed claims' statement.
    const valid = facts.disputes?.length ? validateCaseJson(json) : null;
    const demand =
      valid?.ok && valid.value.case.disputes?.length
        ? (toJson(demandStatement(valid.value.case, String((result.result.statement as { asOf: string }).asOf), { rateTables })) as Record<
            string,
            unknown
          >)
        : null;
    return {
      caseId: link.caseId,
      statement: debtorStatementOf(c, facts, result.result, paymentReferenceOf(c.caseNumber), link.expiresAt, {
        statement: demand,
        disputes,
      }),
    };
  }

  /**
   * Revokes the case's link in force and issues a new one (the admin, or an agent of the case's
   * brand): the case history says who did it; PayLinkIssued carries the new token to
   * communications, which prints it from then on.
   */
  async reissue(
    identity: Identity,
    caseId: string,
    correlationId: string,
  ): Promise<{ caseId: string; issuedAt: Date; expiresAt: Date; revoked: number }> {
    if (identity.role !== 'agency_admin' && identity.role !== 'agent')
      throw new DomainError('forbidden', "only the agency's admin and the case's agents issue pay links");
    if (!isUuid(caseId)) throw new DomainError('not_found', `case ${caseId} not found`);
    return this.tenant.run(identity, async (m) => {
      // The case row locked: two reissues of one case run one after the other.
      const row = await visibleCaseRow(m, identity, caseId, true);
      if (!row) throw new DomainError('not_found', `case ${caseId} not found`);
      const now = this.clock.now();
      const revoked = await revokePayLinks(m, caseId, now);
      const [link] = issuePayLinks(1, now);
      await insertPayLinks(m, [{ caseId, clientId: row.client_id, brandId: row.brand_id, link: link! }]);
      const actor = actorOf(identity);
      await insertAudit(m, [
        [
          caseId,
          actor.kind,
          actor.id,
          now,
          'pay_link_issued',
          revoked ? 'the pay link in force was revoked and a new one issued' : 'a pay link issued',
          null,
          JSON.stringify({ expiresAt: link!.expiresAt.toISOString(), revoked }),
        ],
      ]);
      await this.outbox.append(
        m,
        createEvent(PayLinkIssued, {
          aggregateId: caseId,
          clientId: row.client_id,
          correlationId,
          occurredAt: now,
          payload: { caseId, ...payLinkWire(link!) },
        }),
      );
      return { caseId, issuedAt: now, expiresAt: link!.expiresAt, revoked };
    });
  }
}

/** The engine's answer shape for a case with no claim left: nothing stated, nothing owed. */
function emptyStatementOf(currency: string, asOf: string, now: Date): Record<string, unknown> {
  const zero = { amountMinor: '0', currency };
  return {
    now: now.toISOString(),
    statement: {
      asOf,
      currency,
      principal: zero,
      interest: zero,
      damages: zero,
      paid: zero,
      total: zero,
      complete: true,
      problems: [],
      lines: [],
      claims: [],
    },
  };
}
