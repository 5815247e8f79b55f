/** A debtor's opt-outs in the database, read as typed values (the columns named as the fields). */
import type { EntityManager } from 'typeorm';
import type { Channel } from '../channels/channel';

export interface OptOut {
  debtorId: string;
  channel: Channel;
  reason: string | null;
  recordedBy: string;
  at: Date;
}

const COLUMNS = `debtor_id AS "debtorId", channel, reason, recorded_by AS "recordedBy", at`;

export async function optOutsOfDebtor(m: EntityManager, debtorId: string): Promise<OptOut[]> {
  const rows: OptOut[] = await m.query(`SELECT ${COLUMNS} FROM communications.opt_outs WHERE debtor_id = $1 ORDER BY channel`, [debtorId]);
  return rows;
}

/** Records (or replaces) the debtor's opt-out of a channel. */
export async function recordOptOut(m: EntityManager, o: OptOut): Promise<OptOut> {
  const rows: OptOut[] = await m.query(
    `INSERT INTO communications.opt_outs (debtor_id, channel, reason, recorded_by, at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (debtor_id, channel) DO UPDATE SET reason = EXCLUDED.reason, recorded_by = EXCLUDED.recorded_by, at = EXCLUDED.at
     RETURNING ${COLUMNS}`,
    [o.debtorId, o.channel, o.reason, o.recordedBy, o.at],
  );
  return rows[0];
}

/** Answers whether there was an opt-out to withdraw. */
export async function withdrawOptOut(m: EntityManager, debtorId: string, channel: Channel): Promise<boolean> {
  const [, count]: [unknown, number] = await m.query(`DELETE FROM communications.opt_outs WHERE debtor_id = $1 AND channel = $2`, [
    debtorId,
    channel,
  ]);
  return count > 0;
}

/** The channels the contact rules must not use, with the reasons the debtor gave. */
export function optedOut(optOuts: readonly OptOut[]): { channels: Channel[]; reasons: Partial<Record<Channel, string>> } {
  return {
    channels: optOuts.map((o) => o.channel),
    reasons: Object.fromEntries(optOuts.flatMap((o) => (o.reason ? [[o.channel, o.reason]] : []))),
  };
}
