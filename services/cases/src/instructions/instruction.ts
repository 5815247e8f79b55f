/**
 * A client's instructions on its case, as plain values (#13 §3): hold (with a reason and an end
 * date) and release, recall, write off, its decisions on settlements above its terms and on
 * proposed escalations. Each is written by its own use case into the case's audit trail; this
 * reads them back from it, so the case shows every instruction with who gave it and why.
 *
 * An instruction is the client's: given by its own user, or by the agency admin recording one
 * the client gave by phone or mail. A hold an agent puts on is the agency's own, not the
 * client's instruction.
 */
export const INSTRUCTION_KINDS = [
  'hold',
  'release',
  'recall',
  'write_off',
  'settlement_accepted',
  'settlement_declined',
  'escalation_approved',
  'escalation_declined',
] as const;
export type InstructionKind = (typeof INSTRUCTION_KINDS)[number];

/** The kinds `giveInstruction` takes; settlements and escalations have their own decisions. */
export const GIVEN_KINDS = ['hold', 'release', 'recall', 'write_off'] as const;
export type GivenKind = (typeof GIVEN_KINDS)[number];

export interface Instruction {
  kind: InstructionKind;
  at: string;
  /** kind:id of who gave (or recorded) it. */
  by: string;
  reason: string | null;
  /** A hold's end date. */
  until: string | null;
  /** A recalled claim, a decided settlement or escalation. */
  referenceId: string | null;
}

/** One audit entry of the case, as the trail keeps it. */
export interface AuditFact {
  actorKind: string;
  actorId: string;
  at: string;
  action: string;
  reason: string | null;
  before: unknown;
  after: unknown;
}

/** The audit actions that are instructions when the client (or the admin for it) gave them. */
export const INSTRUCTION_ACTIONS = [
  'hold',
  'release_hold',
  'recall_case',
  'recall_claim',
  'write_off',
  'settlement_decided',
  'escalation_approved',
  'escalation_declined',
] as const;

const CLIENTS_ONLY = new Set(['hold', 'release_hold']);

/** The instruction an audit entry records, or null when it is none. */
export function instructionOf(a: AuditFact): Instruction | null {
  if (!(INSTRUCTION_ACTIONS as readonly string[]).includes(a.action)) return null;
  // A hold or release by the agency is its own; the rest only the client (or the admin for it) may do.
  if (CLIENTS_ONLY.has(a.action) ? a.actorKind !== 'client' : a.actorKind !== 'client' && a.actorKind !== 'admin') return null;
  const after = (a.after ?? {}) as Record<string, unknown>;
  const text = (k: string) => (typeof after[k] === 'string' ? (after[k] as string) : null);
  const base = { at: a.at, by: `${a.actorKind}:${a.actorId}`, reason: a.reason, until: null, referenceId: null };
  switch (a.action) {
    case 'hold':
      return { ...base, kind: 'hold', until: ((after.hold ?? {}) as { until?: string }).until ?? null };
    case 'release_hold':
      return { ...base, kind: 'release' };
    case 'recall_case':
      return { ...base, kind: 'recall' };
    case 'recall_claim': {
      const before = ((a.before ?? {}) as { openClaimIds?: string[] }).openClaimIds ?? [];
      const left = new Set((after.openClaimIds ?? []) as string[]);
      const claim = before.find((id) => !left.has(id)) ?? null;
      return { ...base, kind: 'recall', referenceId: claim };
    }
    case 'write_off':
      return { ...base, kind: 'write_off' };
    case 'settlement_decided':
      return {
        ...base,
        kind: text('status') === 'declined' ? 'settlement_declined' : 'settlement_accepted',
        referenceId: text('settlementId'),
      };
    case 'escalation_approved':
    case 'escalation_declined':
      return { ...base, kind: a.action, referenceId: text('escalationId') };
    default:
      return null;
  }
}
