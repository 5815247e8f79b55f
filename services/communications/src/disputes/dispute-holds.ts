/**
 * What a dispute does to what is queued for its case (pure). A request made before the dispute
 * that states amounts (a reminder, a formal notice) counts the disputed claims in them: it is held
 * — scheduled, waiting for the dispute to be resolved — rather than sent. When the dispute is
 * resolved: rejected, the claims are owed again and the held request is decided again as it was;
 * upheld or partly upheld, its amounts count what was credited, so it never goes (the journey's
 * next step demands the case as it is now). A request with no amounts (the acknowledgement, a
 * call task) is left alone.
 */
import type { SendRefused } from '../contact-rules/contact-rules';

export interface QueuedFacts {
  kind: string;
  amounts: unknown;
  /** Held already (by this dispute or another): its refusal's code. */
  refusalCode: string | null;
}

/** The hold of a queued request the dispute makes stale, or undefined for one it leaves alone. */
export function holdOnDispute(c: QueuedFacts, invoiceNumbers: readonly string[]): SendRefused | undefined {
  if (!c.amounts || c.refusalCode === 'dispute_open') return undefined;
  return {
    allowed: false,
    code: 'dispute_open',
    reason: `a dispute was raised on ${invoiceNumbers.join(', ')} after this was requested: its amounts count the disputed claims — held until the dispute is resolved`,
    waitsFor: 'dispute_resolved',
    rule: 'AMICUS-DISPUTE',
  };
}

/** What a resolution does to a request the dispute held: `wake` it (decided again), or cancel it with the refusal given. */
export function afterResolution(outcome: string, invoiceNumbers: readonly string[]): 'wake' | SendRefused {
  if (outcome === 'rejected') return 'wake';
  return {
    allowed: false,
    code: 'dispute_open',
    reason: `the dispute on ${invoiceNumbers.join(', ')} was ${outcome.replace('_', ' ')}: the amounts of this request count what was credited`,
    waitsFor: 'nothing',
    rule: 'AMICUS-DISPUTE',
  };
}
