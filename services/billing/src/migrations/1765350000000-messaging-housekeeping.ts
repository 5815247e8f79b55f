import { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingHousekeepingDown, messagingHousekeepingUp } from '@amicus/messaging';

/** The messaging tables' housekeeping (issue 18 §4): processed events pruned below committed offsets, parked messages replayed and purged. */
export class MessagingHousekeeping1765350000000 implements MigrationInterface {
  name = 'MessagingHousekeeping1765350000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingHousekeepingUp('billing')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of messagingHousekeepingDown('billing')) await q.query(sql);
  }
}
