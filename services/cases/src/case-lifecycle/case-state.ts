/**
 * The words of a case's life (case-lifecycle.ts decides with them): its phases and the graph
 * between them, who acts, the state a command takes, the events and audit entry it returns.
 */
import type { Money } from '@amicus/money';
import type { CalendarDate } from '@amicus/calendar';

export const casePhases = ['placed', 'amicable', 'legal_review', 'legal', 'closed'] as const;
export type CasePhase = (typeof casePhases)[number];
export type OpenPhase = Exclude<CasePhase, 'closed'>;

export const caseOutcomes = ['paid', 'settled', 'written_off', 'returned_to_client'] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

/** The allowed phase changes. `closed` is reached by `closeCase` or a recall, never left. */
export const allowedTransitions: Readonly<Record<CasePhase, readonly CasePhase[]>> = {
  placed: ['amicable', 'closed'],
  amicable: ['legal_review', 'closed'],
  legal_review: ['amicable', 'legal', 'closed'],
  legal: ['closed'],
  closed: [],
};

export function canTransition(from: CasePhase, to: CasePhase): boolean {
  return allowedTransitions[from].includes(to);
}

export type ActorKind = 'agent' | 'legal_staff' | 'admin' | 'client' | 'system';

export interface Actor {
  kind: ActorKind;
  id: string;
  /** For a client actor: the client it acts for. */
  clientId?: string;
}

export interface CaseHold {
  until: CalendarDate;
  reason: string;
}

export interface CaseClosure {
  outcome: CaseOutcome;
  reason: string;
  closedAt: string;
  /** The open balance when it closed (what goes back to the client on a recall). */
  balance?: Money;
}

export interface CaseClaim {
  claimId: string;
  status: 'open' | 'recalled';
}

export interface CaseState {
  caseId: string;
  clientId: string;
  brandId: string;
  debtorId: string;
  phase: CasePhase;
  claims: CaseClaim[];
  assignedAgentId?: string;
  hold?: CaseHold;
  closure?: CaseClosure;
  openedAt: string;
  /** Bumped by every command: the service's optimistic lock. */
  version: number;
}

export type CaseEvent =
  | { type: 'CaseOpened'; caseId: string; clientId: string; brandId: string; debtorId: string; claimIds: string[]; at: string }
  | { type: 'ClaimPlaced'; caseId: string; claimId: string; at: string }
  | { type: 'CasePhaseChanged'; caseId: string; from: CasePhase; to: CasePhase; reason?: string; at: string }
  | { type: 'CaseClosed'; caseId: string; from: OpenPhase; outcome: CaseOutcome; reason: string; balance?: Money; at: string }
  | { type: 'CaseAssigned'; caseId: string; agentId: string; previousAgentId?: string; at: string }
  | { type: 'CaseHeld'; caseId: string; until: CalendarDate; reason: string; at: string }
  | { type: 'CaseHoldReleased'; caseId: string; reason: string; at: string }
  | { type: 'CaseNoted'; caseId: string; note: string; at: string }
  /** `balance` is the claim's own when one claim is recalled; a whole-case recall states it on CaseClosed. */
  | { type: 'ClaimRecalled'; caseId: string; claimId: string; balance?: Money; reason: string; at: string };

export type CaseAction =
  | 'open'
  | 'place_claims'
  | 'change_phase'
  | 'close'
  | 'reopen'
  | 'assign'
  | 'hold'
  | 'release_hold'
  | 'note'
  | 'recall_case'
  | 'recall_claim'
  | 'write_off';

/** The part of a case the audit trail shows before and after a command. */
export interface CaseSnapshot {
  phase: CasePhase;
  assignedAgentId?: string;
  hold?: CaseHold;
  closure?: CaseClosure;
  openClaimIds: string[];
}

export interface AuditEntry {
  caseId: string;
  actor: Actor;
  at: string;
  action: CaseAction;
  reason?: string;
  before: CaseSnapshot | null;
  after: CaseSnapshot;
}

export interface CaseDecision {
  state: CaseState;
  events: CaseEvent[];
  audit: AuditEntry;
}

export interface CommandContext {
  actor: Actor;
  /** The clock's now. */
  at: Date;
  /** Today's calendar date where the case is worked (holds are until a date). */
  today: CalendarDate;
}
