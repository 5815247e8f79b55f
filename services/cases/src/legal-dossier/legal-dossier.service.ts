import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { createEvent, DossierIssued, JudgmentRecorded, ProceedingUpdated, type EventEnvelope } from '@amicus/events';
import { courtRoute, type RouteAnswer } from '@amicus/legal';
import { Messaging } from '@amicus/service-runtime';
import { auditJson, insertAudit, type AuditRow } from '../audit/audit-trail';
import { visibleCaseRow } from '../case-file/case-reads.service';
import type { CaseRow } from '../case-file/case-rows';
import { CASES_CONFIG, type CasesConfig } from '../config';
import { flagsOfDebtor } from '../debtor-flags/debtor-flag-store';
import { escalationStopsOf } from '../debtor-flags/debtor-flag';
import { currentRateTables } from '../rates/rate-store';
import { actorOf, isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { dossierPackage, packageJson, type DossierPackage } from './dossier';
import { dossierPdf } from './dossier-pdf';
import {
  activePayments,
  engineStatement,
  entriesOf,
  judgmentRowOf,
  loadDossierFacts,
  proceedingOf,
  type EntryRow,
  type ProceedingRow,
} from './dossier-store';
import {
  judgmentBalance,
  judgmentOf,
  proceedingEntry,
  remindersDue,
  type EntryInput,
  type Judgment,
  type JudgmentBalance,
  type JudgmentInput,
} from './proceedings';

const LEGAL_PHASES = ['legal_review', 'legal'];

export interface ProceedingView {
  caseId: string;
  proceeding: ProceedingRow | null;
  entries: EntryRow[];
  judgment: (Judgment & { id: string }) | null;
  balance: JudgmentBalance | null;
}

/**
 * The dossier and the proceedings' use cases, one tenant transaction each: the agency admin and
 * legal staff (cases in the legal phases: row-level security and the scope) may ask; a client
 * user or an agent may not. Writes, their audit entries and events go together (the outbox).
 */
@Injectable()
export class LegalDossierService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly messaging: Messaging,
    private readonly clock: Clock,
    @Inject(CASES_CONFIG) private readonly config: Pick<CasesConfig, 'AMICUS_AGENCY_REGISTRATION'>,
  ) {}

  /** The dossier of a case: its package (JSON) and PDF; issued (recorded, audited, DossierIssued). */
  async issue(
    identity: Identity,
    caseId: string,
    correlationId: string,
  ): Promise<{ package: DossierPackage; json: string; pdf: Uint8Array }> {
    this.requireLegal(identity, 'ask for a case’s dossier');
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      const row = await this.legalCase(m, identity, caseId);
      const p = await this.assemble(m, row, identity, now);
      const pdf = await dossierPdf(p);
      const sha = createHash('sha256').update(pdf).digest('hex');
      const actor = actorOf(identity);
      const by = `${actor.kind}:${actor.id}`;
      await m.query(
        `INSERT INTO cases.dossiers (id, case_id, issued_at, issued_by, route_id, language, pdf_sha256, communications, total_minor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [p.dossierId, caseId, now, by, p.route?.id ?? null, p.language, sha, p.communications.length, p.statement.totalMinor],
      );
      const audit: AuditRow = [
        caseId,
        actor.kind,
        actor.id,
        now,
        'dossier_issued',
        null,
        null,
        auditJson({
          dossierId: p.dossierId,
          routeId: p.route?.id ?? null,
          language: p.language,
          pdfSha256: sha,
          communications: p.communications.length,
        }),
      ];
      await insertAudit(m, [audit]);
      await this.messaging.publish(m, [
        {
          ...createEvent(DossierIssued, {
            aggregateId: caseId,
            clientId: row.client_id,
            occurredAt: now,
            payload: {
              dossierId: p.dossierId,
              caseId,
              clientId: row.client_id,
              routeId: p.route?.id ?? null,
              language: p.language,
              pdfSha256: sha,
              communications: p.communications.length,
              totalMinor: p.statement.totalMinor,
              currency: p.case.currency,
              actor: by,
            },
          }),
          correlationId,
        },
      ]);
      return { package: p, json: packageJson(p), pdf };
    });
  }

  /** The court route that fits the case now, with every route considered; null when the caller may not see the case. */
  async route(identity: Identity, caseId: string): Promise<RouteAnswer | null> {
    if (!isUuid(caseId)) return null;
    return this.tenant.run(identity, async (m) => {
      const row = await visibleCaseRow(m, identity, caseId);
      return row ? routeOf(m, row, this.clock.today(this.clock.now())) : null;
    });
  }

  async proceedingView(identity: Identity, caseId: string): Promise<ProceedingView | null> {
    if (!isUuid(caseId)) return null;
    return this.tenant.run(identity, async (m) => {
      const row = await visibleCaseRow(m, identity, caseId);
      return row ? this.viewOf(m, row) : null;
    });
  }

  /** Legal staff open the proceedings of a case in legal: the court and its reference. */
  async open(identity: Identity, caseId: string, court: string, reference: string | null, correlationId: string): Promise<ProceedingView> {
    const c = court?.trim();
    if (!c) throw DomainError.invalid([{ field: 'court', reason: 'is required' }]);
    return this.write(identity, caseId, correlationId, async (m, row, now, by) => {
      if (await proceedingOf(m, caseId)) throw new DomainError('conflict', 'the proceedings of this case are already open');
      const route = await routeOf(m, row, this.clock.today(now));
      await m.query(
        `INSERT INTO cases.proceedings (case_id, route_id, court, reference, opened_at, opened_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [caseId, route?.route?.id ?? null, c, reference?.trim() || null, now, by],
      );
      const entryId = crypto.randomUUID();
      return {
        action: 'proceeding_opened',
        after: { court: c, reference: reference?.trim() || null, routeId: route?.route?.id ?? null },
        event: createEvent(ProceedingUpdated, {
          aggregateId: caseId,
          clientId: row.client_id,
          occurredAt: now,
          payload: {
            caseId,
            clientId: row.client_id,
            entryId,
            kind: 'opened',
            on: null,
            description: `opened before ${c}`,
            amountMinor: null,
            actor: by,
          },
        }),
      };
    });
  }

  /** A hearing, deadline (reminded to legal staff), enforcement step by the bailiff, or judicial cost. */
  async addEntry(identity: Identity, caseId: string, input: EntryInput, correlationId: string): Promise<ProceedingView> {
    const e = proceedingEntry(input);
    return this.write(identity, caseId, correlationId, async (m, row, now, by) => {
      if (!(await proceedingOf(m, caseId))) throw new DomainError('conflict', 'open the proceedings of this case first (openProceeding)');
      const id = crypto.randomUUID();
      await m.query(
        `INSERT INTO cases.proceeding_entries (id, case_id, kind, on_date, description, remind_on, amount_minor, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, caseId, e.kind, e.on, e.description, e.remindOn, e.amountMinor?.toString() ?? null, by, now],
      );
      return {
        action: `proceeding_${e.kind}`,
        after: { entryId: id, ...e },
        event: createEvent(ProceedingUpdated, {
          aggregateId: caseId,
          clientId: row.client_id,
          occurredAt: now,
          payload: {
            caseId,
            clientId: row.client_id,
            entryId: id,
            kind: e.kind,
            on: e.on,
            description: e.description,
            amountMinor: e.amountMinor?.toString() ?? null,
            actor: by,
          },
        }),
      };
    });
  }

  async entryDone(identity: Identity, caseId: string, entryId: string, correlationId: string): Promise<ProceedingView> {
    if (!isUuid(entryId)) throw new DomainError('not_found', `proceeding entry ${entryId} not found`);
    return this.write(identity, caseId, correlationId, async (m, row, now, by) => {
      const [e]: { kind: string; on: string; description: string }[] = await m.query(
        `UPDATE cases.proceeding_entries SET done_at = $3 WHERE id = $1 AND case_id = $2 AND done_at IS NULL RETURNING kind, on_date::text AS on, description`,
        [entryId, caseId, now],
      );
      if (!e) throw new DomainError('not_found', `open proceeding entry ${entryId} not found on case ${caseId}`);
      return {
        action: 'proceeding_done',
        after: { entryId },
        event: createEvent(ProceedingUpdated, {
          aggregateId: caseId,
          clientId: row.client_id,
          occurredAt: now,
          payload: {
            caseId,
            clientId: row.client_id,
            entryId,
            kind: 'done',
            on: e.on,
            description: `${e.kind} done: ${e.description}`,
            amountMinor: null,
            actor: by,
          },
        }),
      };
    });
  }

  async recordJudgment(identity: Identity, caseId: string, input: JudgmentInput, correlationId: string): Promise<ProceedingView> {
    return this.write(identity, caseId, correlationId, async (m, row, now, by) => {
      if (!(await proceedingOf(m, caseId))) throw new DomainError('conflict', 'open the proceedings of this case first (openProceeding)');
      const j = judgmentOf(input, row.currency.trim());
      const id = crypto.randomUUID();
      const inserted: unknown[] = await m.query(
        `INSERT INTO cases.judgments (id, case_id, judged_on, court, reference, principal_minor, costs_minor, interest_rate, interest_from, currency, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (case_id) DO NOTHING RETURNING id`,
        [
          id,
          caseId,
          j.judgedOn,
          j.court,
          j.reference,
          j.principalMinor.toString(),
          j.costsMinor.toString(),
          j.interestRatePercent,
          j.interestFrom,
          j.currency,
          by,
          now,
        ],
      );
      if (inserted.length === 0) throw new DomainError('conflict', 'a judgment is already recorded on this case');
      return {
        action: 'judgment_recorded',
        after: { judgmentId: id, ...j },
        event: createEvent(JudgmentRecorded, {
          aggregateId: caseId,
          clientId: row.client_id,
          occurredAt: now,
          payload: {
            judgmentId: id,
            caseId,
            clientId: row.client_id,
            judgedOn: j.judgedOn,
            court: j.court,
            principalMinor: j.principalMinor.toString(),
            costsMinor: j.costsMinor.toString(),
            interestRatePercent: j.interestRatePercent,
            interestFrom: j.interestFrom,
            currency: j.currency,
            actor: by,
          },
        }),
      };
    });
  }

  /** Legal staff's worklist of the proceedings: hearings and deadlines whose reminder day has come, not done, soonest first. */
  async reminders(identity: Identity): Promise<(EntryRow & { caseId: string })[]> {
    this.requireLegal(identity, 'see the proceedings’ reminders');
    const today = this.clock.today(this.clock.now());
    return this.tenant.run(identity, async (m) => {
      const rows: (Omit<EntryRow, 'amountMinor'> & { caseId: string; amountMinor: string | null; phase: string })[] = await m.query(
        `SELECT e.id, e.case_id AS "caseId", e.kind, e.on_date::text AS "on", e.description, e.remind_on::text AS "remindOn", e.amount_minor::text AS "amountMinor",
                e.done_at AS "doneAt", e.recorded_by AS "recordedBy", e.recorded_at AS "recordedAt", c.phase
           FROM cases.proceeding_entries e JOIN cases.cases c ON c.id = e.case_id
          WHERE e.done_at IS NULL AND e.remind_on <= $1 ORDER BY e.on_date, e.id LIMIT 500`,
        [today],
      );
      return remindersDue(
        rows
          .filter((r) => LEGAL_PHASES.includes(r.phase))
          .map(({ phase: _phase, ...r }) => ({ ...r, amountMinor: r.amountMinor === null ? null : BigInt(r.amountMinor) })),
        today,
      );
    });
  }

  // -------------------------------------------------------------------------------------------

  private requireLegal(identity: Identity, what: string): void {
    if (identity.role !== 'legal' && identity.role !== 'agency_admin')
      throw new DomainError('forbidden', `the agency admin and legal staff ${what}; not a ${identity.role.replace('_', ' ')}`);
  }

  /** The case, visible to the caller and in the legal phases (legal staff see no other; the admin asks for those only too). */
  private async legalCase(m: EntityManager, identity: Identity, caseId: string, forUpdate = false): Promise<CaseRow> {
    const row = isUuid(caseId) ? await visibleCaseRow(m, identity, caseId, forUpdate) : undefined;
    if (!row) throw new DomainError('not_found', `case ${caseId} not found`);
    if (!LEGAL_PHASES.includes(row.phase))
      throw new DomainError('conflict', `the case is ${row.phase}: a dossier and proceedings are for cases in the legal phases`);
    return row;
  }

  private async write(
    identity: Identity,
    caseId: string,
    correlationId: string,
    decide: (m: EntityManager, row: CaseRow, now: Date, by: string) => Promise<{ action: string; after: unknown; event: EventEnvelope }>,
  ): Promise<ProceedingView> {
    this.requireLegal(identity, 'track the proceedings');
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      const row = await this.legalCase(m, identity, caseId, true);
      if (row.phase !== 'legal')
        throw new DomainError('conflict', `the case is ${row.phase}: proceedings are tracked once legal staff accepted it into legal`);
      const actor = actorOf(identity);
      const out = await decide(m, row, now, `${actor.kind}:${actor.id}`);
      await insertAudit(m, [[caseId, actor.kind, actor.id, now, out.action, null, null, auditJson(out.after)]]);
      await this.messaging.publish(m, [{ ...out.event, correlationId }]);
      return this.viewOf(m, row);
    });
  }

  private async viewOf(m: EntityManager, row: CaseRow): Promise<ProceedingView> {
    const [proceeding, entries, judgment] = [await proceedingOf(m, row.id), await entriesOf(m, row.id), await judgmentRowOf(m, row.id)];
    const today = this.clock.today(this.clock.now());
    const balance = judgment
      ? judgmentBalance(
          judgment,
          entries.filter((e) => e.kind === 'judicial_cost').map((e) => ({ on: e.on, amountMinor: e.amountMinor! })),
          await activePayments(m, row.id),
          today,
        )
      : null;
    return { caseId: row.id, proceeding, entries, judgment, balance };
  }

  private async assemble(m: EntityManager, row: CaseRow, identity: Identity, now: Date): Promise<DossierPackage> {
    const registration = this.config.AMICUS_AGENCY_REGISTRATION || null;
    const facts = await loadDossierFacts(m, row.id);
    const statement = await engineStatement(m, row.id, now, registration, await currentRateTables(m));
    if (!facts || !statement)
      throw new DomainError('conflict', `the legal engine could not state case ${row.id}: check its facts (assessCase)`);
    const view = await this.viewOf(m, row);
    const actor = actorOf(identity);
    const { clientId: _clientId, ...rest } = facts;
    return dossierPackage({
      ...rest,
      dossierId: crypto.randomUUID(),
      issuedAt: now.toISOString(),
      issuedBy: `${actor.kind}:${actor.id}`,
      agency: { registration },
      statement,
      proceedings: view.proceeding
        ? {
            court: view.proceeding.court,
            reference: view.proceeding.reference,
            entries: view.entries.map((e) => ({
              kind: e.kind,
              on: e.on,
              description: e.description,
              amountMinor: e.amountMinor?.toString() ?? null,
              done: e.doneAt !== null,
            })),
            judgment: view.judgment && {
              judgedOn: view.judgment.judgedOn,
              court: view.judgment.court,
              reference: view.judgment.reference,
              principalMinor: view.judgment.principalMinor.toString(),
              costsMinor: view.judgment.costsMinor.toString(),
              interestRatePercent: view.judgment.interestRatePercent,
              interestFrom: view.judgment.interestFrom,
            },
            balance: view.balance,
          }
        : null,
      legalStop: await legalStopOn(m, row, this.clock.today(now)),
    });
  }
}

/** A legal stop on the case's debtor as escalation reads it (debtor-flags/: collective debt settlement from its decision, deceased). */
async function legalStopOn(m: EntityManager, row: CaseRow, today: string): Promise<boolean> {
  return escalationStopsOf(await flagsOfDebtor(m, row.debtor_id, true), today).length > 0;
}

/** The route from the case file: the debtor, the principal, whether a dispute contests the debt, a legal stop. */
async function routeOf(m: EntityManager, row: CaseRow, today: string): Promise<RouteAnswer> {
  const [d]: { country: string; kind: string }[] = await m.query(`SELECT country, kind FROM cases.debtors WHERE id = $1`, [row.debtor_id]);
  const [{ contested }]: { contested: boolean }[] = await m.query(
    `SELECT count(*) FILTER (WHERE status <> 'resolved' OR outcome = 'rejected') > 0 AS contested FROM cases.disputes WHERE case_id = $1`,
    [row.id],
  );
  return courtRoute({
    country: d!.country.trim(),
    debtorKind: d!.kind,
    principalMinor: BigInt(row.principal_minor),
    contested,
    legalStop: await legalStopOn(m, row, today),
  });
}
