import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { walledClientId, type Identity } from '@amicus/auth';
import { readAsTenant } from '../tenant-reads';
import { Clock, isCalendarDate, type CalendarDate } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { createEvent, RemittanceIssued } from '@amicus/events';
import { Messaging } from '@amicus/service-runtime';
import { agreementInForce, type Agreement, type RemittancePeriod } from '../agreements/agreement';
import { AgreementEntity, agreementOf } from '../agreements/agreement.entity';
import { insertTransaction, unremittedTransactions } from '../ledger/ledger-store';
import { AGENCY_LOOK, type AgencyLook, PAYOUT_ACCOUNT } from '../config';
import { type Period, type RemittanceOutcome, type StatementLine, periodContaining, periodStartProblem, remit } from './remittance';
import { type PayoutAccount, payoutFile, statementCsv, statementXlsx } from './remittance-files';
import { statementPdf } from './remittance-pdf';

/** An issued remittance as stored. */
export interface Remittance {
  id: string;
  clientId: string;
  period: Period;
  currency: string;
  agreementId: string | null;
  payoutIban: string | null;
  outcome: RemittanceOutcome;
  total: StatementLine;
  payoutMinor: bigint;
  invoicedMinor: bigint;
  lines: StatementLine[];
  issuedBy: string;
  issuedAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Remittances: a client's period closed once — its statement, the settlement posted in the
 * ledger, the transactions it took marked, RemittanceIssued in the outbox, in one transaction;
 * asked again, the same remittance, nothing posted twice. Reads behind the walls.
 */
@Injectable()
export class RemittancesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly messaging: Messaging,
    @Inject(PAYOUT_ACCOUNT) private readonly payer: PayoutAccount,
    @Inject(AGENCY_LOOK) private readonly look: AgencyLook,
  ) {}

  /** The agency admin closes a client's period (its first day, by the client's remittance period). */
  async issue(identity: Identity, clientId: string, periodStart: string): Promise<Remittance> {
    requireAdmin(identity);
    if (!UUID.test(clientId)) throw DomainError.invalid([{ field: 'clientId', reason: 'is not a client id (uuid)' }]);
    if (!isCalendarDate(periodStart)) throw DomainError.invalid([{ field: 'periodStart', reason: 'is not a date (YYYY-MM-DD)' }]);
    return this.db.transaction((m) => this.issueIn(m, identity, clientId, periodStart));
  }

  /** Every client remitted by `kind` whose period starting on `periodStart` is over and not yet remitted. */
  async issueAll(identity: Identity, periodStart: string, kind: RemittancePeriod): Promise<Remittance[]> {
    requireAdmin(identity);
    const problem = periodStartProblem(periodStart, kind);
    if (problem) throw DomainError.invalid([{ field: 'periodStart', reason: problem }]);
    const clients = (await this.db.query(
      `SELECT DISTINCT client_id FROM billing.agreements WHERE status = 'approved' ORDER BY client_id`,
    )) as {
      client_id: string;
    }[];
    const issued: Remittance[] = [];
    for (const { client_id } of clients) {
      const versions = await this.versions(this.db.manager, client_id);
      if (agreementInForce(versions, periodStart)?.terms.remittancePeriod !== kind) continue;
      issued.push(await this.db.transaction((m) => this.issueIn(m, identity, client_id, periodStart)));
    }
    return issued;
  }

  private async issueIn(m: EntityManager, identity: Identity, clientId: string, periodStart: CalendarDate): Promise<Remittance> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('billing.remittances:' || $1))`, [clientId]);
    const existing = await this.find(m, `client_id = $1 AND period_start = $2`, [clientId, periodStart]);
    if (existing[0]) return existing[0];
    const agreement = agreementInForce(await this.versions(m, clientId), periodStart);
    if (!agreement) throw new DomainError('conflict', `client ${clientId} has no agreement in force on ${periodStart}`);
    const kind = agreement.terms.remittancePeriod;
    const problem = periodStartProblem(periodStart, kind);
    if (problem) throw DomainError.invalid([{ field: 'periodStart', reason: problem }]);
    const period = periodContaining(periodStart, kind);
    const today = this.clock.today();
    if (period.end >= today) throw new DomainError('conflict', `the period ${period.start}..${period.end} has not ended yet`);
    const [overlap] = (await m.query(
      `SELECT to_char(period_start, 'YYYY-MM-DD') AS s FROM billing.remittances WHERE client_id = $1 AND period_end >= $2 LIMIT 1`,
      [clientId, period.start],
    )) as { s: string }[];
    if (overlap) throw new DomainError('conflict', `the period remitted from ${overlap.s} covers or follows ${period.start}`);

    // A remittance is in the agreement's currency; money in another one waits (not remitted yet).
    const items = (await unremittedTransactions(m, clientId, period.end)).filter((i) => i.tx.currency === agreement.terms.currency);
    const id = crypto.randomUUID();
    const decision = remit(
      clientId,
      period,
      agreement,
      items.map((i) => i.tx),
      `remittance:${id}`,
    );
    const postedIds: string[] = [];
    for (const tx of decision.postings) postedIds.push(await insertTransaction(m, tx));
    const remittance: Remittance = {
      id,
      clientId,
      period,
      currency: agreement.terms.currency,
      agreementId: agreement.id,
      payoutIban: agreement.terms.payoutIban || null,
      outcome: decision.outcome,
      total: decision.total,
      payoutMinor: decision.payoutMinor,
      invoicedMinor: decision.invoicedMinor,
      lines: decision.lines,
      issuedBy: identity.subject,
      issuedAt: this.clock.now(),
    };
    await this.insert(m, remittance);
    const taken = [...items.map((i) => i.id), ...postedIds];
    if (taken.length)
      await m.query(`INSERT INTO billing.remittance_items (transaction_id, remittance_id) SELECT unnest($1::uuid[]), $2`, [taken, id]);
    const t = decision.total;
    await this.messaging.publish(
      m,
      createEvent(RemittanceIssued, {
        aggregateId: clientId,
        clientId,
        occurredAt: remittance.issuedAt,
        payload: {
          remittanceId: id,
          clientId,
          periodKind: period.kind,
          periodStart: period.start,
          periodEnd: period.end,
          currency: remittance.currency,
          collectedMinor: t.collectedMinor.toString(),
          commissionMinor: t.commissionMinor.toString(),
          feesMinor: t.feesMinor.toString(),
          costsKeptMinor: t.costsKeptMinor.toString(),
          vatMinor: t.vatMinor.toString(),
          refundsMinor: t.refundsMinor.toString(),
          netMinor: t.netMinor.toString(),
          payoutMinor: decision.payoutMinor.toString(),
          invoicedMinor: decision.invoicedMinor.toString(),
          outcome: decision.outcome,
          cases: decision.lines.filter((l) => l.caseId !== null).length,
        },
      }),
    );
    return remittance;
  }

  /** The remittances the caller may see, the latest period first. */
  async list(identity: Identity, clientId: string | null, first: number): Promise<Remittance[]> {
    const client = this.walledClient(identity, clientId);
    if (client === false) return [];
    return readAsTenant(this.db, identity, (m) =>
      this.find(m, `($1::uuid IS NULL OR client_id = $1) ORDER BY period_start DESC, client_id LIMIT $2`, [client, first]),
    );
  }

  async one(identity: Identity, id: string): Promise<Remittance | null> {
    if (!UUID.test(id)) return null;
    const [r] = await readAsTenant(this.db, identity, (m) => this.find(m, `id = $1`, [id]));
    if (!r) return null;
    const client = this.walledClient(identity, r.clientId);
    return client === false ? null : r;
  }

  statementCsv(r: Remittance): string {
    return statementCsv(r.lines, r.total, r.currency);
  }

  async statementXlsxBase64(r: Remittance): Promise<string> {
    const title = `Remittance ${r.period.start} – ${r.period.end}, client ${r.clientId}`;
    return (await statementXlsx(title, r.lines, r.total, r.currency)).toString('base64');
  }

  /** The statement as a PDF in the agency's colour, base64. */
  async statementPdfBase64(r: Remittance): Promise<string> {
    const names = await this.clientNames([r.clientId]);
    const pdf = await statementPdf({
      agency: this.look,
      client: { name: names.get(r.clientId) ?? r.clientId },
      period: r.period,
      currency: r.currency,
      lines: r.lines,
      total: r.total,
      outcome: r.outcome,
      payoutMinor: r.payoutMinor,
      invoicedMinor: r.invoicedMinor,
      payoutIban: r.payoutIban,
      issuedOn: this.clock.today(r.issuedAt),
    });
    return Buffer.from(pdf).toString('base64');
  }

  /** The agency admin's SEPA payout file for remittances paid out (EUR), to hand to the bank. */
  async payoutFile(identity: Identity, ids: string[], executionDate: string): Promise<string> {
    requireAdmin(identity);
    if (!isCalendarDate(executionDate)) throw DomainError.invalid([{ field: 'executionDate', reason: 'is not a date (YYYY-MM-DD)' }]);
    if (executionDate < this.clock.today()) throw DomainError.invalid([{ field: 'executionDate', reason: 'is in the past' }]);
    if (ids.length === 0) throw DomainError.invalid([{ field: 'remittanceIds', reason: 'names no remittance' }]);
    const bad = ids.findIndex((id) => !UUID.test(id));
    if (bad >= 0) throw DomainError.invalid([{ field: `remittanceIds[${bad}]`, reason: 'is not a remittance id' }]);
    const found = await this.find(this.db.manager, `id = ANY($1::uuid[])`, [ids]);
    const problems = ids.flatMap((id, i) => {
      const r = found.find((x) => x.id === id);
      if (!r) return [{ field: `remittanceIds[${i}]`, reason: 'is no remittance' }];
      if (r.payoutMinor <= 0n) return [{ field: `remittanceIds[${i}]`, reason: 'pays nothing out' }];
      if (r.currency !== 'EUR') return [{ field: `remittanceIds[${i}]`, reason: 'is not in EUR (SEPA pays EUR only)' }];
      if (!r.payoutIban) return [{ field: `remittanceIds[${i}]`, reason: "has no payout IBAN in the client's agreement" }];
      return [];
    });
    if (problems.length) throw DomainError.invalid(problems);
    const names = await this.clientNames(found.map((r) => r.clientId));
    return payoutFile({
      messageId: `AMICUS-${this.clock.now().getTime().toString(36).toUpperCase()}`,
      createdAt: this.clock.now(),
      executionDate,
      debtor: this.payer,
      payouts: ids.map((id) => {
        const r = found.find((x) => x.id === id)!;
        return {
          endToEndId: r.id,
          creditor: { name: names.get(r.clientId) ?? `Client ${r.clientId.slice(0, 8)}`, iban: r.payoutIban! },
          amountMinor: r.payoutMinor,
          text: `Remittance ${r.period.start} to ${r.period.end}`,
        };
      }),
    });
  }

  /** A client user sees its own client's; the agency any; others none (false). */
  private walledClient(identity: Identity, clientId: string | null): string | null | false {
    return walledClientId(identity, clientId);
  }

  /** Clients' names as ClientOnboarded told them; the payout file falls back to the id. */
  private async clientNames(clientIds: string[]): Promise<Map<string, string>> {
    const rows = (await this.db.query(`SELECT client_id, name FROM billing.clients WHERE client_id = ANY($1::uuid[])`, [clientIds])) as {
      client_id: string;
      name: string;
    }[];
    return new Map(rows.map((r) => [r.client_id, r.name]));
  }

  private async versions(m: EntityManager, clientId: string): Promise<Agreement[]> {
    return (await m.getRepository(AgreementEntity).find({ where: { clientId } })).map(agreementOf);
  }

  private async insert(m: EntityManager, r: Remittance): Promise<void> {
    const t = r.total;
    await m.query(
      `INSERT INTO billing.remittances (id, client_id, period_kind, period_start, period_end, currency, agreement_id, payout_iban, outcome,
         collected_minor, commission_minor, fees_minor, costs_kept_minor, vat_minor, refunds_minor, net_minor, payout_minor, invoiced_minor,
         lines, issued_by, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
      [
        r.id,
        r.clientId,
        r.period.kind,
        r.period.start,
        r.period.end,
        r.currency,
        r.agreementId,
        r.payoutIban,
        r.outcome,
        t.collectedMinor.toString(),
        t.commissionMinor.toString(),
        t.feesMinor.toString(),
        t.costsKeptMinor.toString(),
        t.vatMinor.toString(),
        t.refundsMinor.toString(),
        t.netMinor.toString(),
        r.payoutMinor.toString(),
        r.invoicedMinor.toString(),
        JSON.stringify(r.lines.map(lineJson)),
        r.issuedBy,
        r.issuedAt,
      ],
    );
  }

  private async find(m: EntityManager, where: string, params: unknown[]): Promise<Remittance[]> {
    const rows = (await m.query(
      `SELECT id, client_id, period_kind, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end,
              currency, agreement_id, payout_iban, outcome, collected_minor::text, commission_minor::text, fees_minor::text,
              costs_kept_minor::text, vat_minor::text, refunds_minor::text, net_minor::text, payout_minor::text, invoiced_minor::text,
              lines, issued_by, issued_at
         FROM billing.remittances WHERE ${where}`,
      params,
    )) as RemittanceRow[];
    return rows.map(remittanceOf);
  }
}

function requireAdmin(identity: Identity): void {
  if (identity.role !== 'agency_admin') throw new DomainError('forbidden', 'only the agency admin issues remittances and payout files');
}

type LineJson = Record<keyof StatementLine, string | null>;
const lineJson = (l: StatementLine): LineJson => ({
  caseId: l.caseId,
  collectedMinor: l.collectedMinor.toString(),
  commissionMinor: l.commissionMinor.toString(),
  feesMinor: l.feesMinor.toString(),
  costsKeptMinor: l.costsKeptMinor.toString(),
  vatMinor: l.vatMinor.toString(),
  refundsMinor: l.refundsMinor.toString(),
  netMinor: l.netMinor.toString(),
});
const lineOf = (j: LineJson): StatementLine => ({
  caseId: j.caseId,
  collectedMinor: BigInt(j.collectedMinor ?? '0'),
  commissionMinor: BigInt(j.commissionMinor ?? '0'),
  feesMinor: BigInt(j.feesMinor ?? '0'),
  costsKeptMinor: BigInt(j.costsKeptMinor ?? '0'),
  vatMinor: BigInt(j.vatMinor ?? '0'),
  refundsMinor: BigInt(j.refundsMinor ?? '0'),
  netMinor: BigInt(j.netMinor ?? '0'),
});

interface RemittanceRow {
  id: string;
  client_id: string;
  period_kind: RemittancePeriod;
  period_start: string;
  period_end: string;
  currency: string;
  agreement_id: string | null;
  payout_iban: string | null;
  outcome: RemittanceOutcome;
  collected_minor: string;
  commission_minor: string;
  fees_minor: string;
  costs_kept_minor: string;
  vat_minor: string;
  refunds_minor: string;
  net_minor: string;
  payout_minor: string;
  invoiced_minor: string;
  lines: LineJson[];
  issued_by: string;
  issued_at: Date;
}

function remittanceOf(r: RemittanceRow): Remittance {
  return {
    id: r.id,
    clientId: r.client_id,
    period: { kind: r.period_kind, start: r.period_start, end: r.period_end },
    currency: r.currency,
    agreementId: r.agreement_id,
    payoutIban: r.payout_iban,
    outcome: r.outcome,
    total: {
      caseId: null,
      collectedMinor: BigInt(r.collected_minor),
      commissionMinor: BigInt(r.commission_minor),
      feesMinor: BigInt(r.fees_minor),
      costsKeptMinor: BigInt(r.costs_kept_minor),
      vatMinor: BigInt(r.vat_minor),
      refundsMinor: BigInt(r.refunds_minor),
      netMinor: BigInt(r.net_minor),
    },
    payoutMinor: BigInt(r.payout_minor),
    invoicedMinor: BigInt(r.invoiced_minor),
    lines: r.lines.map(lineOf),
    issuedBy: r.issued_by,
    issuedAt: r.issued_at,
  };
}
