/**
 * A reaction applied to its case's journey, in the consumer's transaction (the idempotent
 * consumer records the event in the same transaction, so a redelivered event changes nothing):
 * the journey marked as reacted to, made to wait, stopped for review, sent back to a step to
 * resend it, or woken — with the case history saying why.
 */
import type { EntityManager } from 'typeorm';
import { auditJson, insertAudit } from '../audit/audit-trail';
import { dueForAgents, stopJourney } from './journey-store';
import { STOPPED_PAID_OR_CLOSED } from './journey';
import type { ReactionEffect } from './reactions';

export interface ReactionSource {
  caseId: string;
  /** The communication request the reaction is about (a failed send), if any. */
  requestId?: string | null;
}

interface JourneyState {
  status: string;
  next_step_at: Date | null;
  waiting_until: Date | null;
  last_step_key: string | null;
  scenario_version_id: string | null;
}

/** Applies a reaction; false when its case has no journey (or is not there). */
export async function applyReaction(m: EntityManager, src: ReactionSource, effect: ReactionEffect, now: Date): Promise<boolean> {
  const [j]: JourneyState[] = await m.query(
    `SELECT status, next_step_at, waiting_until, last_step_key, scenario_version_id FROM cases.case_journeys WHERE case_id = $1 FOR UPDATE`,
    [src.caseId],
  );
  if (!j) return false;
  const going = j.status === 'new' || j.status === 'active';
  let reason = effect.reason;
  if (effect.reacted) await m.query(`UPDATE cases.case_journeys SET reacted = true, updated_at = $2 WHERE case_id = $1`, [src.caseId, now]);
  if (effect.waitUntil && going)
    await m.query(
      `UPDATE cases.case_journeys SET waiting_until = greatest(waiting_until, $2::timestamptz), waiting_reason = $3,
              next_step_at = greatest(next_step_at, $2::timestamptz), updated_at = $4 WHERE case_id = $1`,
      [src.caseId, effect.waitUntil, effect.reason, now],
    );
  if (effect.agentsFrom) await dueForAgents(m, src.caseId, new Date(effect.agentsFrom));
  if (effect.review && going) {
    await stopJourney(m, src.caseId, 'review', effect.reason, now);
    await dueForAgents(m, src.caseId, now);
  }
  if (effect.resendOn) reason = await resend(m, src, j, effect, now);
  if (effect.wake && going && (!j.waiting_until || j.waiting_until <= now))
    await m.query(`UPDATE cases.case_journeys SET next_step_at = least(next_step_at, $2), updated_at = $2 WHERE case_id = $1`, [
      src.caseId,
      now,
    ]);
  await insertAudit(m, [
    [src.caseId, 'system', 'journey', now, 'journey_reaction', reason, null, auditJson({ kind: effect.kind, effect })],
  ]);
  return true;
}

/**
 * The step whose message failed goes out once more, on the reaction's channel, as its next
 * attempt (a new execution identity: it runs once) — when it is the step the journey ran last;
 * a failure of an older step is only recorded (the journey has moved on past it).
 */
async function resend(m: EntityManager, src: ReactionSource, j: JourneyState, effect: ReactionEffect, now: Date): Promise<string> {
  const [e]: { step_key: string; scenario_version_id: string; attempt: number }[] = src.requestId
    ? await m.query(
        `SELECT step_key, scenario_version_id, (SELECT max(attempt) FROM cases.step_executions x
                 WHERE x.case_id = s.case_id AND x.scenario_version_id = s.scenario_version_id AND x.step_key = s.step_key) AS attempt
           FROM cases.step_executions s WHERE s.case_id = $1 AND s.request_id = $2`,
        [src.caseId, src.requestId],
      )
    : [];
  if (!e) return `${effect.reason} — not a message of the journey's, nothing resent`;
  const going = j.status === 'new' || j.status === 'active';
  if (!going || e.step_key !== j.last_step_key || e.scenario_version_id !== j.scenario_version_id)
    return `${effect.reason} — the journey has moved on past step ${e.step_key}, nothing resent`;
  await m.query(
    `UPDATE cases.case_journeys SET next_step_key = $2, next_step_at = $3, attempt = $4, channel_override = $5, last_refusal = NULL, updated_at = $3
      WHERE case_id = $1`,
    [src.caseId, e.step_key, now, e.attempt + 1, effect.resendOn],
  );
  return effect.reason;
}

/**
 * A case open again (a payment undone): a journey that stopped because the case was paid or
 * closed goes on now from the step it stopped at (one never started starts), with the reason in
 * the case history. Any other stop (an agent's review, the scenario run out) stays as it is.
 */
export async function resumeReopened(m: EntityManager, caseId: string, now: Date, reason: string): Promise<void> {
  const resumed: { case_id: string }[] = await m.query(
    `SELECT case_id FROM cases.case_journeys WHERE case_id = $1 AND status = 'finished' AND reason = ANY($2::text[])
        AND (steps IS NULL OR next_step_key IS NOT NULL) FOR UPDATE`,
    [caseId, STOPPED_PAID_OR_CLOSED],
  );
  if (resumed.length === 0) return;
  await m.query(
    `UPDATE cases.case_journeys SET status = CASE WHEN steps IS NULL THEN 'new' ELSE 'active' END, next_step_at = $2, reason = NULL, updated_at = $2
      WHERE case_id = $1`,
    [caseId, now],
  );
  await insertAudit(m, [[caseId, 'system', 'journey', now, 'journey_resumed', reason, null, auditJson({ resumed: true })]]);
}
