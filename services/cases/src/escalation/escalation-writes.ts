/**
 * The escalation's writes shared by its use cases and the journey's `review_for_legal` step:
 * the proposal's event and audit entry, and the proposals the scheduler's pass makes.
 */
import type { EntityManager } from 'typeorm';
import { createEvent, EscalationProposed, type EventEnvelope } from '@amicus/events';
import { auditJson, insertAudit, type AuditRow } from '../audit/audit-trail';
import type { Actor } from '../case-lifecycle/case-lifecycle';
import { estimateEscalation, firstStatus, type EscalationEstimate } from './escalation';
import { insertProposal, recoveryHistory, settingsOf } from './escalation-store';

/**
 * The journey's `review_for_legal` step, in the scheduler's transaction: the case it moved to
 * legal_review gets its proposal (the engine allowed the step; the other conditions show on the
 * case's eligibility for legal staff to weigh), with its estimate and event.
 */
export async function proposeFromJourney(
  m: EntityManager,
  caseIds: readonly string[],
  now: Date,
  publish: (m: EntityManager, events: EventEnvelope[]) => Promise<void>,
): Promise<void> {
  if (caseIds.length === 0) return;
  const rows: { id: string; client_id: string; brand_id: string; currency: string; open: string; country: string; kind: string }[] =
    await m.query(
      `SELECT c.id, c.client_id, c.brand_id, c.currency, c.open_minor::text AS open, d.country, d.kind
       FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id WHERE c.id = ANY($1::uuid[])`,
      [caseIds],
    );
  const events: EventEnvelope[] = [];
  const audits: AuditRow[] = [];
  const actor: Actor = { kind: 'system', id: 'scheduler' };
  for (const r of rows) {
    const settings = (await settingsOf(m, r.client_id))!;
    const estimate = estimateEscalation({
      country: r.country,
      debtorKind: r.kind,
      openMinor: BigInt(r.open),
      currency: r.currency.trim(),
      history: await recoveryHistory(m, r.client_id),
    });
    const id = crypto.randomUUID();
    const reason = "the scenario's review_for_legal step";
    const status = firstStatus(settings.approvalRequired);
    const fresh = await insertProposal(m, {
      id,
      caseId: r.id,
      clientId: r.client_id,
      brandId: r.brand_id,
      status,
      reason,
      proposedAt: now,
      proposedBy: label(actor),
      approvalRequired: settings.approvalRequired,
      estimate,
    });
    if (!fresh) continue;
    events.push(proposedEvent(id, r.id, r.client_id, r.brand_id, reason, settings.approvalRequired, estimate, actor, now, null));
    audits.push(escalationAudit(r.id, actor, now, 'escalation_proposed', reason, { escalationId: id, status, estimate }));
  }
  await insertAudit(m, audits);
  await publish(m, events);
}

export function proposedEvent(
  id: string,
  caseId: string,
  clientId: string,
  brandId: string,
  reason: string,
  approvalRequired: boolean,
  e: EscalationEstimate,
  actor: Actor,
  now: Date,
  correlationId: string | null,
) {
  return createEvent(EscalationProposed, {
    aggregateId: caseId,
    clientId,
    occurredAt: now,
    ...(correlationId ? { correlationId } : {}),
    payload: {
      escalationId: id,
      caseId,
      clientId,
      brandId,
      reason,
      approvalRequired,
      estimate: {
        route: e.route,
        routeSource: e.routeSource,
        currency: e.currency,
        courtCostsMinor: e.courtCostsMinor.toString(),
        bailiffCostsMinor: e.bailiffCostsMinor.toString(),
        openMinor: e.openMinor.toString(),
        recoveryRateBp: e.recoveryRateBp,
        recoveryRateBasis: e.recoveryRateBasis,
        expectedRecoveryMinor: e.expectedRecoveryMinor.toString(),
        netMinor: e.netMinor.toString(),
      },
      actor: label(actor),
    },
  });
}

export const label = (a: Actor) => `${a.kind}:${a.id}`;

export function escalationAudit(caseId: string, actor: Actor, at: Date, action: string, reason: string | null, after: unknown): AuditRow {
  return [caseId, actor.kind, actor.id, at, action, reason, null, auditJson(after)];
}
