import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9: print batches and the letters queued in them live here rather than in the memory of
 * one instance, so a second instance or a restart loses no letter.
 */
export class PrintBatches1764300000000 implements MigrationInterface {
  name = 'PrintBatches1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // Open (closing_at null: letters join it), closing (a hand-over took it), closed (handed over).
    await q.query(`CREATE TABLE communications.print_batches (
      id text PRIMARY KEY,
      opened_at timestamptz NOT NULL,
      letter_count integer NOT NULL DEFAULT 0,
      closing_at timestamptz NULL,
      closed_at timestamptz NULL,
      pdf_path text NULL,
      manifest_path text NULL,
      total_pages integer NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX print_batches_one_open ON communications.print_batches ((closing_at IS NULL)) WHERE closing_at IS NULL`);
    await q.query(`CREATE INDEX print_batches_closing ON communications.print_batches (closing_at) WHERE closing_at IS NOT NULL AND closed_at IS NULL`);

    // The rendered letter until its batch is handed over; its evidence keeps the content after.
    await q.query(`CREATE TABLE communications.print_batch_letters (
      communication_id uuid PRIMARY KEY REFERENCES communications.communications(id),
      batch_id text NOT NULL REFERENCES communications.print_batches(id),
      sequence integer NOT NULL,
      case_reference text NOT NULL,
      address jsonb NOT NULL,
      page_count integer NOT NULL,
      postage_class text NOT NULL CHECK (postage_class IN ('standard', 'priority')),
      registered boolean NOT NULL,
      pdf bytea NULL,
      html text NULL,
      context jsonb NULL,
      template_version_id uuid NULL,
      template_source text NOT NULL,
      queued_at timestamptz NOT NULL,
      UNIQUE (batch_id, sequence)
    )`);

    // Letters an earlier version held in memory for its batch go again.
    await q.query(`UPDATE communications.communications SET print_batch_id = NULL, provider_message_id = NULL, not_before = now()
      WHERE status = 'requested' AND print_batch_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE communications.print_batch_letters`);
    await q.query(`DROP TABLE communications.print_batches`);
  }
}
