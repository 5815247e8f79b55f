import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { SETTLEMENT_RULES, statementUnderStops, validateCaseJson, type Statement } from '@amicus/legal';
import { auditJson, insertAudit, type AuditRow } from '../audit/audit-trail';
import { caseJsonOf } from '../assessment/case-assessment';
import { loadCaseFacts } from '../assessment/case-facts';
import { visibleCaseRow } from '../case-file/case-reads.service';
import type { CaseRow } from '../case-file/case-rows';
import type { Actor } from '../case-lifecycle/case-lifecycle';
import { CASES_CONFIG, type CasesConfig } from '../config';
import { dueForAgents } from '../journeys/journey-store';
import { currentRateTables } from '../rates/rate-store';
import { actorOf, isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { PayLinksService } from '../pay-links/pay-links.service';
import { claimDeclarationPdf } from './claim-declaration-pdf';
import { legalStopsOf, removeFlag, setFlag, STOP_REASON_PREFIX, type DebtorFlag, type FlagSource, type SetFlag } from './debtor-flag';
import {
  askJourneysNow,
  costsStopUnderCounselling,
  flagById,
  flagsOfDebtor,
  insertFlag,
  openCasesOfDebtor,
  resumeJourneys,
  setCostsPolicy,
  writeRemoval,
} from './debtor-flag-store';
import { HttpSettlementRegister, type RegisterSettlement, type SettlementRegister } from './settlement-register';

/** Where a register's answers are wired in (tests give the local server's adapter). */
export const SETTLEMENT_REGISTER = Symbol('settlement-register');

const REVIEW_KINDS: readonly string[] = ['debt_counselling', 'deceased', 'hardship'];

/** The debtor on its page: the system acting for it, on the one case its pay link opens. */
const DEBTOR_PAGE: Actor = { kind: 'system', id: 'debtor_page' };
const DEBTOR_PAGE_IDENTITY: Identity = { subject: 'system:debtor-page', role: 'agency_admin', clientId: null, brandIds: [], email: null };

interface DebtorFacts {
  id: string;
  client_id: string;
  name: string;
  country: string;
  time_zone: string;
  vat_number: string | null;
  addresses: { lines: string[]; postcode: string; city: string; country: string }[];
}

/**
 * Debtor flags' use cases, one tenant transaction each: the case the caller names (walled, its
 * row locked), the debtor's flags (locked), the domain's decision (debtor-flag.ts), then the
 * flag, an audit entry on each of the debtor's open cases, and the journeys: asked again at once
 * when a flag is set (the gate stops them), resumed when one is removed (assessed anew).
 */
@Injectable()
export class DebtorFlagsService {
  private readonly register: SettlementRegister | null;

  constructor(
    private readonly tenant: TenantDatabase,
    private readonly clock: Clock,
    @Inject(CASES_CONFIG) private readonly config: CasesConfig,
    @Optional() @Inject(SETTLEMENT_REGISTER) register?: SettlementRegister,
    /** The debtor's page: the pay link's lookup, walls and rate limit. */
    @Optional() private readonly payLinks?: PayLinksService,
  ) {
    this.register =
      register ??
      (config.AMICUS_SETTLEMENT_REGISTER_URL
        ? new HttpSettlementRegister(config.AMICUS_SETTLEMENT_REGISTER_URL, config.AMICUS_SETTLEMENT_REGISTER_TOKEN)
        : null);
  }

  /** The flags of the case's debtor (removed ones too with `history`), for whoever sees the case. */
  async flags(identity: Identity, caseId: string, history: boolean): Promise<DebtorFlag[]> {
    return this.tenant.run(identity, async (m) => {
      const row = await this.caseRow(m, identity, caseId, false);
      return flagsOfDebtor(m, row.debtor_id, !history);
    });
  }

  async set(identity: Identity, caseId: string, input: SetFlag): Promise<DebtorFlag> {
    const source = sourceOf(identity);
    return this.tenant.run(identity, async (m) => {
      const row = await this.caseRow(m, identity, caseId, true);
      return this.setOn(m, row, input, actorOf(identity), source, null);
    });
  }

  async remove(identity: Identity, flagId: string, input: { reason: string; evidence?: string | null }): Promise<DebtorFlag> {
    sourceOf(identity);
    if (!isUuid(flagId)) throw new DomainError('not_found', `debtor flag ${flagId} not found`);
    return this.tenant.run(identity, async (m) => {
      const flag = await flagById(m, flagId, true);
      // Seen only through a case of its debtor the caller sees (the walls are the case's).
      const [seen] = flag
        ? await m.query(`SELECT id FROM cases.cases WHERE debtor_id = $1 ORDER BY phase = 'closed', id`, [flag.debtorId])
        : [];
      const row = seen ? await visibleCaseRow(m, identity, seen.id, true) : undefined;
      if (!flag || !row) throw new DomainError('not_found', `debtor flag ${flagId} not found`);
      return this.removeOn(m, flag, input, actorOf(identity));
    });
  }

  /**
   * The debtor reports hardship on its page, by the pay link's token alone (its lookup, walls and
   * rate limit): a hardship flag on its debtor, source debtor, set by the system acting for the
   * debtor on the link's one case — a review for an agent, not another reminder.
   */
  async reportHardshipByLink(token: string, text: string, clientAddress: string): Promise<DebtorFlag> {
    if (!this.payLinks) throw new DomainError('not_found', 'this link opens nothing');
    const caseId = await this.payLinks.withLink(token, clientAddress, async (_m, link) => link.caseId);
    const words = text?.trim() ?? '';
    if (!words) throw DomainError.invalid([{ field: 'text', reason: 'is required: say what makes paying hard now' }]);
    return this.tenant.run(DEBTOR_PAGE_IDENTITY, async (m) => {
      const [row]: CaseRow[] = await m.query(`SELECT c.*, c.open_minor::text AS open_text FROM cases.cases c WHERE c.id = $1 FOR UPDATE`, [
        caseId,
      ]);
      if (!row) throw new DomainError('not_found', 'this link opens nothing');
      return this.setOn(
        m,
        row,
        { kind: 'hardship', evidence: `reported by the debtor on its page: ${words}` },
        DEBTOR_PAGE,
        'debtor',
        null,
      );
    });
  }

  /** The client's policy under debt counselling (the admin sets it): do costs stop? */
  async setPolicy(identity: Identity, clientId: string, costsStop: boolean): Promise<boolean> {
    if (identity.role !== 'agency_admin') throw new DomainError('forbidden', "the agency admin sets a client's debt counselling policy");
    if (!isUuid(clientId)) throw new DomainError('not_found', `client ${clientId} not found`);
    return this.tenant.run(identity, async (m) => {
      const [client] = await m.query(`SELECT id FROM cases.clients WHERE id = $1`, [clientId]);
      if (!client) throw new DomainError('not_found', `client ${clientId} not found`);
      await setCostsPolicy(m, clientId, costsStop, identity.subject, this.clock.now());
      return costsStop;
    });
  }

  /**
   * Asks the register about the case's debtor: an admitted settlement not yet flagged is flagged
   * (source register, its answer kept with the flag); an ended one removes the flag it matches.
   */
  async checkRegister(
    identity: Identity,
    caseId: string,
  ): Promise<{ found: RegisterSettlement[]; flag: DebtorFlag | null; changed: string }> {
    if (identity.role !== 'agency_admin' && identity.role !== 'agent')
      throw new DomainError('forbidden', 'agents and the agency admin ask the settlement register');
    if (!this.register) throw new DomainError('conflict', 'no settlement register is configured (AMICUS_SETTLEMENT_REGISTER_URL)');
    const register = this.register;
    const debtor = await this.tenant.run(identity, async (m) => this.debtorOf(m, await this.caseRow(m, identity, caseId, false)));
    const country = debtor.country.trim() === 'NL' ? 'NL' : 'BE';
    const { settlements, raw } = await register.lookup({
      country,
      name: debtor.name,
      postalCode: debtor.addresses[0]?.postcode ?? null,
      vatNumber: debtor.vat_number,
    });
    const actor: Actor = { kind: 'system', id: register.name };
    return this.tenant.run(identity, async (m) => {
      const row = await this.caseRow(m, identity, caseId, true);
      const active = (await flagsOfDebtor(m, row.debtor_id, true, true)).find((f) => f.kind === 'collective_settlement') ?? null;
      const admitted = settlements.find((s) => s.status === 'admitted');
      if (admitted && !active) {
        const input: SetFlag = {
          kind: 'collective_settlement',
          decisionDate: admitted.decisionDate,
          country: admitted.country,
          reference: admitted.reference,
          contact: {
            name: admitted.mediator.name,
            email: admitted.mediator.email,
            phone: admitted.mediator.phone,
            address: admitted.mediator.address,
          },
          evidence: `${register.name}: settlement ${admitted.reference}, ${admitted.court}, decision of ${admitted.decisionDate}`,
        };
        const flag = await this.setOn(m, row, input, actor, 'register', raw);
        return { found: settlements, flag, changed: 'flagged' };
      }
      const ended = active
        ? settlements.find((s) => s.status === 'ended' && (s.reference === active.reference || active.source === 'register'))
        : undefined;
      if (active && ended && !admitted) {
        const flag = await this.removeOn(
          m,
          active,
          {
            reason: `the settlement ended on ${ended.endedOn} (${register.name})`,
            evidence: `${register.name}: settlement ${ended.reference} ended ${ended.endedOn}`,
          },
          actor,
        );
        return { found: settlements, flag, changed: 'removed' };
      }
      return { found: settlements, flag: active, changed: 'unchanged' };
    });
  }

  /**
   * The claim declaration for the mediator: the PDF with the case's statement as of the
   * settlement's decision date (interest to that date, no charge from it).
   */
  async claimDeclaration(identity: Identity, caseId: string): Promise<{ pdf: Uint8Array; statement: Statement; flag: DebtorFlag }> {
    const now = this.clock.now();
    const { row, debtor, flag, facts, rateTables, client } = await this.tenant.run(identity, async (m) => {
      const row = await this.caseRow(m, identity, caseId, false);
      const flag = (await flagsOfDebtor(m, row.debtor_id, true)).find((f) => f.kind === 'collective_settlement');
      if (!flag) throw new DomainError('conflict', `the debtor of case ${caseId} is not flagged in a collective debt settlement`);
      const [client] = await m.query(`SELECT name FROM cases.clients WHERE id = $1`, [row.client_id]);
      return {
        row,
        flag,
        debtor: await this.debtorOf(m, row),
        facts: await loadCaseFacts(m, caseId, this.config.AMICUS_AGENCY_REGISTRATION || null),
        rateTables: await currentRateTables(m),
        client: client as { name: string } | undefined,
      };
    });
    if (!facts) throw new DomainError('not_found', `case ${caseId} not found`);
    const v = validateCaseJson(caseJsonOf(facts, now.toISOString(), null));
    if (!v.ok) throw DomainError.invalid(v.problems.map((p) => ({ field: `case.${p.field}`, reason: p.reason })));
    const statement = statementUnderStops(v.value.case, legalStopsOf([flag]), flag.decisionDate!, { rateTables });
    const rules = SETTLEMENT_RULES[flag.country ?? (debtor.country.trim() === 'NL' ? 'NL' : 'BE')];
    const address = debtor.addresses[0];
    const pdf = await claimDeclarationPdf({
      agency: { name: this.config.AMICUS_AGENCY_NAME, registration: this.config.AMICUS_AGENCY_REGISTRATION || null },
      creditor: { name: client?.name ?? row.client_id },
      debtor: {
        name: debtor.name,
        address: address ? [...address.lines, `${address.postcode} ${address.city}`, address.country].join(', ') : null,
      },
      settlement: {
        country: flag.country ?? 'BE',
        reference: flag.reference,
        decisionDate: flag.decisionDate!,
        declarationRule: rules.declaration.rule,
        declarationSource: rules.declaration.source,
      },
      mediator: flag.contact,
      caseId,
      statement,
      issuedOn: this.clock.today(now),
    });
    return { pdf, statement, flag };
  }

  // -------------------------------------------------------------------------------------------

  private async setOn(m: EntityManager, row: CaseRow, input: SetFlag, actor: Actor, source: FlagSource, raw: unknown): Promise<DebtorFlag> {
    const now = this.clock.now();
    const debtor = await this.debtorOf(m, row);
    const active = await flagsOfDebtor(m, row.debtor_id, true, true);
    const flag = setFlag(active, input, {
      actor,
      source,
      at: now,
      today: this.clock.today(now),
      debtor: { id: debtor.id, clientId: debtor.client_id, country: debtor.country.trim() },
      caseId: row.id,
      flagId: crypto.randomUUID(),
    });
    await insertFlag(m, flag, raw ?? null);
    const cases = await openCasesOfDebtor(m, row.debtor_id);
    await insertAudit(
      m,
      cases.map((c) => audit(c, actor, now, 'debtor_flag_set', `${flag.kind}: ${flag.evidence}`, flagAudit(flag))),
    );
    // The gate stops their journeys at the next pass; a review flag is a task on the agents' worklist now.
    await askJourneysNow(m, cases, now);
    if (REVIEW_KINDS.includes(flag.kind)) for (const c of cases) await dueForAgents(m, c, now);
    return flag;
  }

  private async removeOn(
    m: EntityManager,
    flag: DebtorFlag,
    input: { reason: string; evidence?: string | null },
    actor: Actor,
  ): Promise<DebtorFlag> {
    const now = this.clock.now();
    const removed = removeFlag(flag, input, actor, now);
    await writeRemoval(m, removed);
    const cases = await openCasesOfDebtor(m, flag.debtorId);
    const resumed = new Set(await resumeJourneys(m, cases, STOP_REASON_PREFIX[flag.kind], now));
    const rows: AuditRow[] = cases.map((c) =>
      audit(c, actor, now, 'debtor_flag_removed', `${flag.kind}: ${removed.removalReason}`, flagAudit(removed)),
    );
    for (const c of resumed)
      rows.push(
        audit(
          c,
          { kind: 'system', id: 'debtor-flags' },
          now,
          'journey_resumed',
          `the ${flag.kind} flag was removed: the journey goes on, assessed anew`,
          {
            flagId: flag.id,
          },
        ),
      );
    await insertAudit(m, rows);
    return removed;
  }

  private async caseRow(m: EntityManager, identity: Identity, caseId: string, lock: boolean): Promise<CaseRow> {
    const row = isUuid(caseId) ? await visibleCaseRow(m, identity, caseId, lock) : undefined;
    if (!row) throw new DomainError('not_found', `case ${caseId} not found`);
    return row;
  }

  private async debtorOf(m: EntityManager, row: CaseRow): Promise<DebtorFacts> {
    const [d]: DebtorFacts[] = await m.query(
      `SELECT id, client_id, name, country, time_zone, vat_number, addresses FROM cases.debtors WHERE id = $1`,
      [row.debtor_id],
    );
    if (!d) throw new DomainError('not_found', `case ${row.id} not found`);
    return d;
  }

  /** Whether costs stop under counselling for the client (the engine's costs stop). */
  costsPolicy(m: EntityManager, clientId: string): Promise<boolean> {
    return costsStopUnderCounselling(m, clientId);
  }
}

function sourceOf(identity: Identity): FlagSource {
  switch (identity.role) {
    case 'agency_admin':
      return 'admin';
    case 'agent':
      return 'agent';
    case 'client_user':
      return 'client';
    default:
      throw new DomainError('forbidden', 'legal staff read debtor flags; agents, the client and the admin set and remove them');
  }
}

function audit(caseId: string, actor: Actor, at: Date, action: string, reason: string, after: unknown): AuditRow {
  return [caseId, actor.kind, actor.id, at, action, reason, null, auditJson(after)];
}

function flagAudit(f: DebtorFlag) {
  return {
    flagId: f.id,
    kind: f.kind,
    status: f.status,
    decisionDate: f.decisionDate,
    country: f.country,
    reference: f.reference,
    source: f.source,
    evidence: f.evidence,
    setBy: `${f.setBy.kind}:${f.setBy.id}`,
    setOnCaseId: f.setOnCaseId,
    ...(f.removedAt
      ? { removedAt: f.removedAt, removedBy: `${f.removedBy?.kind}:${f.removedBy?.id}`, removalReason: f.removalReason }
      : {}),
  };
}
