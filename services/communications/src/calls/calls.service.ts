import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { CallLogged, createEvent } from '@amicus/events';
import { DomainError } from '@amicus/errors';
import { Messaging } from '@amicus/service-runtime';
import { BrandLookEntity } from '../brand-looks/brand-look.entity';
import { brandLanguages } from '../brand-looks/brand-look';
import { CaseContactEntity } from '../case-contacts/case-contact.entity';
import { CommunicationContextService } from '../communication-context/communication-context.service';
import { mayContact, mayRead } from '../communications/communication-access';
import { Clock } from '@amicus/calendar';
import { LANGUAGES, type Language } from '../contact-rules/contact-rules';
import { isTemplateLanguage } from '../templates/template-kinds';
import { formatMoney, localeFor } from '../templates/template-rendering';
import {
  CALL_SCRIPT_SECTIONS,
  CallScript,
  DEFAULT_CALL_SCRIPTS,
  callScriptFor,
  callScriptProblems,
  renderCallScript,
} from './call-scripts';
import { logCall } from './calls';
import type { CallModel, LogCallInput } from './call.model';

/** A call as the resolver shows it: the columns named as the model's fields, the promise spread out. */
const CALL_COLUMNS = `id, case_id AS "caseId", agent_id AS "agentId", number, direction, outcome, started_at AS "startedAt", duration_seconds AS "durationSeconds",
  notes, call_back_at AS "callBackAt", promise->>'amountMinor' AS "promiseAmountMinor", promise->>'currency' AS "promiseCurrency", promise->>'dueDate' AS "promiseDueDate"`;

/** Calls agents log: validated, kept (they count towards the contact limits), announced as CallLogged. */
@Injectable()
export class CallsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly messaging: Messaging,
    private readonly contexts: CommunicationContextService,
    private readonly clock: Clock,
  ) {}

  async log(identity: Identity, input: LogCallInput, correlationId: string): Promise<CallModel> {
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const contact = await m.findOneBy(CaseContactEntity, { caseId: input.caseId });
      if (!contact) throw new DomainError('not_found', `no case ${input.caseId}`, [{ field: 'input.caseId', reason: 'no such case' }]);
      if (!mayContact(identity, contact)) throw new DomainError('forbidden', 'this case is not of one of your brands');
      const promise =
        input.promiseAmountMinor !== undefined || input.promiseDueDate !== undefined
          ? {
              amount: { amountMinor: BigInt(input.promiseAmountMinor ?? '0'), currency: input.promiseCurrency ?? contact.currency },
              dueDate: input.promiseDueDate ?? '',
            }
          : undefined;
      const result = logCall(
        {
          caseId: input.caseId,
          agentId: identity.subject,
          number: input.number,
          direction: input.direction,
          outcome: input.outcome,
          startedAt: input.startedAt ?? now,
          durationSeconds: input.durationSeconds,
          notes: input.notes,
          callBackAt: input.callBackAt,
          promise,
        },
        now,
        contact.timeZone,
      );
      if (!result.ok) throw DomainError.invalid(result.errors.map((e) => ({ field: `input.${e.field}`, reason: e.reason })));
      const call = result.call;
      const id = crypto.randomUUID();
      const storedPromise = call.promise
        ? { amountMinor: call.promise.amount.amountMinor.toString(), currency: call.promise.amount.currency, dueDate: call.promise.dueDate }
        : null;
      const [logged]: CallModel[] = await m.query(
        `INSERT INTO communications.calls (id, case_id, client_id, debtor_id, agent_id, number, direction, outcome, started_at, duration_seconds, notes, call_back_at, promise)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb) RETURNING ${CALL_COLUMNS}`,
        [
          id,
          call.caseId,
          contact.clientId,
          contact.debtorId,
          call.agentId,
          call.number,
          call.direction,
          call.outcome,
          call.startedAt,
          call.durationSeconds ?? null,
          call.notes ?? null,
          call.callBackAt ?? null,
          storedPromise && JSON.stringify(storedPromise),
        ],
      );
      await this.messaging.publish(
        m,
        createEvent(CallLogged, {
          aggregateId: call.caseId,
          clientId: contact.clientId,
          correlationId,
          payload: {
            callId: id,
            caseId: call.caseId,
            clientId: contact.clientId,
            agentId: call.agentId,
            number: call.number,
            direction: call.direction,
            outcome: call.outcome,
            at: call.startedAt.toISOString(),
            promise: storedPromise,
            callBackAt: call.callBackAt?.toISOString() ?? null,
            note: call.notes ?? null,
          },
        }),
      );
      return logged;
    });
  }

  async ofCase(identity: Identity, caseId: string): Promise<CallModel[]> {
    const contact = await this.db.manager.findOneBy(CaseContactEntity, { caseId });
    if (!contact || !mayRead(identity, contact)) return [];
    const calls: CallModel[] = await this.db.query(
      `SELECT ${CALL_COLUMNS} FROM communications.calls WHERE case_id = $1 ORDER BY started_at`,
      [caseId],
    );
    return calls;
  }

  /** A brand's own sections in a language (agency admin): each placeholder must be one agents can fill. */
  async updateScript(
    brandId: string,
    language: string,
    sections: Partial<CallScript>,
  ): Promise<{ language: Language; script: CallScript; source: 'brand' }> {
    if (!isTemplateLanguage(language)) throw DomainError.invalid([{ field: 'language', reason: `must be one of ${LANGUAGES.join(', ')}` }]);
    const own = Object.fromEntries(
      CALL_SCRIPT_SECTIONS.filter((s) => sections[s] !== undefined && sections[s] !== null).map((s) => [s, sections[s]]),
    ) as Partial<CallScript>;
    if (Object.keys(own).length === 0) throw DomainError.invalid([{ field: 'script', reason: 'give at least one section' }]);
    const problems = callScriptProblems(own);
    if (problems.length) throw DomainError.invalid(problems.map((p) => ({ field: `script.${p.section}`, reason: p.reason })));
    const look = await this.db.manager.findOneBy(BrandLookEntity, { brandId });
    if (!look) throw new DomainError('not_found', `no brand ${brandId}`, [{ field: 'brandId', reason: 'no such brand' }]);
    await this.db.query(
      `INSERT INTO communications.call_scripts (brand_id, language, script, updated_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (brand_id, language) DO UPDATE SET script = EXCLUDED.script, updated_at = EXCLUDED.updated_at`,
      [brandId, language, JSON.stringify(own), this.clock.now()],
    );
    return { language, script: { ...DEFAULT_CALL_SCRIPTS[language], ...own }, source: 'brand' };
  }

  /** The brand's script in the language (its own where it has one); filled in for a case when one is given. */
  async script(
    identity: Identity,
    brandId: string,
    language: string,
    caseId?: string,
  ): Promise<{ language: Language; script: CallScript; source: 'brand' | 'default' }> {
    if (identity.role !== 'agency_admin' && !(identity.role === 'agent' && identity.brandIds.includes(brandId))) {
      throw new DomainError('forbidden', 'call scripts are for the agents of the brand');
    }
    const look = await this.db.manager.findOneBy(BrandLookEntity, { brandId });
    if (!look) throw new DomainError('not_found', `no brand ${brandId}`, [{ field: 'brandId', reason: 'no such brand' }]);
    const own: { language: Language; script: Partial<CallScript> }[] = await this.db.query(
      `SELECT language, script FROM communications.call_scripts WHERE brand_id = $1`,
      [brandId],
    );
    const scripts = Object.fromEntries(own.map((r) => [r.language, r.script])) as Partial<Record<Language, Partial<CallScript>>>;
    const chosen = callScriptFor({ name: look.brandName ?? look.senderName, languages: brandLanguages(look.languages), scripts }, language);
    const source = scripts[chosen.language] ? 'brand' : 'default';
    if (!caseId) return { ...chosen, source };
    const { context, contact } = await this.contexts.forCase({
      caseId,
      kind: 'reminder',
      language: chosen.language,
      channel: 'sms',
      amounts: null,
      now: this.clock.now(),
    });
    if (contact.brandId !== brandId)
      throw new DomainError('invalid_input', 'the case is of another brand', [{ field: 'caseId', reason: 'not a case of this brand' }]);
    const script = renderCallScript(chosen.script, {
      brandName: context.brand.name,
      agencyName: context.agency.name,
      agentName: identity.email ?? identity.subject,
      debtorName: context.debtor.name,
      caseReference: context.case.reference,
      amountDue: formatMoney(context.amounts.total, localeFor(chosen.language, contact.country)),
      paymentOptions: `${context.payment.iban} (${context.payment.reference})`,
      paymentLink: context.payment.link,
    });
    return { language: chosen.language, script, source };
  }
}
