import { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingHousekeepingDown, messagingHousekeepingUp } from '@amicus/messaging';

/**
 * Issue 18 §4, nothing lost, nothing twice: the messaging tables' housekeeping (processed events
 * pruned below committed offsets, parked messages replayed and purged), and a send to a provider
 * outside the database transaction: `sending_since` and `sending_key` are committed before the
 * provider is called (the communication is "sending"), cleared when its outcome is recorded, so a
 * failed commit after a send never sends it again (sending.service.ts, send-recovery).
 */
export class MessagingHousekeeping1765300000000 implements MigrationInterface {
  name = 'MessagingHousekeeping1765300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingHousekeepingUp('communications')) await q.query(sql);
    await q.query(`ALTER TABLE communications.communications ADD COLUMN sending_since timestamptz NULL, ADD COLUMN sending_key text NULL`);
    await q.query(`CREATE INDEX communications_sending ON communications.communications (sending_since) WHERE sending_since IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX communications.communications_sending`);
    await q.query(`ALTER TABLE communications.communications DROP COLUMN sending_since, DROP COLUMN sending_key`);
    for (const sql of messagingHousekeepingDown('communications')) await q.query(sql);
  }
}
