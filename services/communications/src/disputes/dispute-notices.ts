/**
 * What communications tells a debtor of its dispute: the acknowledgement when it is raised
 * (the template kind `dispute_acknowledgement`, in the debtor's language and channel), once per
 * dispute — the request's id is the dispute's own, so a second delivery asks nothing more.
 *
 * The outcome (DisputeResolved) has no template kind yet: telling the debtor the outcome needs a
 * kind of its own (and the contract versions that carry it), left for when it is added.
 */
import type { DisputeRaisedV1 } from '@amicus/events';
import type { CommunicationRequest } from '../communications/communication';

export function acknowledgementOf(raised: DisputeRaisedV1, correlationId: string): CommunicationRequest {
  return {
    // A UUID, as cases' request ids are (a failed send's requestId reaches the journey's reactions).
    requestId: raised.disputeId,
    caseId: raised.caseId,
    kind: 'dispute_acknowledgement',
    channel: 'preferred',
    requestedBy: `dispute:${raised.disputeId}`,
    // An acknowledgement asks for nothing: no amounts, no payment slip.
    amounts: null,
    correlationId,
  };
}
