/** A dispute decision's events as the contracts of `@amicus/events` carry them. */
import { createEvent, DisputeAnswered, DisputeRaised, DisputeResolved, type EventEnvelope } from '@amicus/events';
import type { DisputeDecision } from './dispute';

export interface EventFacts {
  currency: string;
  /** The debtor's language, for what communications tells the debtor. */
  language: string;
  /** `kind:id` of who decided. */
  actor: string;
  correlationId: string;
}

export function envelopesOf(d: DisputeDecision, facts: EventFacts): EventEnvelope[] {
  const { currency, language, actor, correlationId } = facts;
  const occurredAt = new Date(d.audit.at);
  return d.events.map((e): EventEnvelope => {
    const x = e.dispute;
    const base = { aggregateId: x.caseId, clientId: x.clientId, correlationId, occurredAt };
    switch (e.type) {
      case 'DisputeRaised':
        return createEvent(DisputeRaised, {
          ...base,
          payload: {
            disputeId: x.id,
            caseId: x.caseId,
            clientId: x.clientId,
            brandId: x.brandId,
            claims: e.claims.map((c) => ({ claimId: c.id, invoiceNumber: c.invoiceNumber, openMinor: c.openMinor.toString() })),
            currency,
            reason: x.reason,
            text: x.text,
            raisedBy: x.raisedBy,
            channel: x.channel,
            answerDueOn: x.answerDueOn,
            language,
            actor,
          },
        });
      case 'DisputeAnswered':
        return createEvent(DisputeAnswered, {
          ...base,
          payload: {
            disputeId: x.id,
            caseId: x.caseId,
            clientId: x.clientId,
            answer: x.answer!.text,
            proposedOutcome: x.answer!.proposedOutcome,
            late: x.answer!.late,
            actor,
          },
        });
      case 'DisputeResolved': {
        const r = x.resolution!;
        return createEvent(DisputeResolved, {
          ...base,
          payload: {
            disputeId: x.id,
            caseId: x.caseId,
            clientId: x.clientId,
            brandId: x.brandId,
            claimIds: [...x.claimIds],
            outcome: r.outcome,
            credits: r.credits.map((c) => ({ claimId: c.claimId, amountMinor: c.amountMinor.toString() })),
            currency,
            explanation: r.explanation,
            language,
            actor,
          },
        });
      }
    }
  });
}
