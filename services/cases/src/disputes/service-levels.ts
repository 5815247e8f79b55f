/**
 * Each client's service level for disputes: the business days (of the agency's calendar) it has
 * to answer one. Without a row, the agency's default.
 */
import type { EntityManager } from 'typeorm';

export const DEFAULT_ANSWER_DAYS = 10;

/** The client's days to answer a dispute (under the caller's walls: null when it may not see them). */
export async function answerDaysOf(m: EntityManager, clientId: string): Promise<number | null> {
  const [row]: { answer_days: number }[] = await m.query(`SELECT answer_days FROM cases.dispute_service_levels WHERE client_id = $1`, [
    clientId,
  ]);
  if (row) return row.answer_days;
  const [client] = await m.query(`SELECT 1 FROM cases.clients WHERE id = $1`, [clientId]);
  return client ? DEFAULT_ANSWER_DAYS : null;
}

export async function setAnswerDays(m: EntityManager, clientId: string, days: number, by: string, at: Date): Promise<void> {
  await m.query(
    `INSERT INTO cases.dispute_service_levels (client_id, answer_days, updated_by, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (client_id) DO UPDATE SET answer_days = excluded.answer_days, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [clientId, days, by, at],
  );
}
