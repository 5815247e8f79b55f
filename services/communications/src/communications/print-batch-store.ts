/**
 * Print batches and the letters queued in them, in the database, so that any instance adds to
 * the open batch and any instance hands it over (a restart loses nothing). A batch is open while
 * letters join it, closing once a hand-over took it, closed when its files are written and its
 * letters recorded sent. The columns are named as the fields, so a row is mapped in one place.
 */
import type { EntityManager } from 'typeorm';
import type { BatchedLetter, ClosedPrintBatch } from '../channels/print-batch.adapter';

/** A rendered letter waiting in its batch, with what its evidence needs once it leaves. */
export interface QueuedLetter extends BatchedLetter {
  batchId: string;
  html: string | null;
  /** The template context, as JSON. */
  context: unknown;
  templateVersionId: string | null;
  templateSource: string;
}

const LETTER_COLUMNS = `communication_id AS "communicationId", batch_id AS "batchId", sequence, case_reference AS "caseReference", address, pdf,
  page_count AS "pageCount", postage_class AS "postageClass", registered, html, context, template_version_id AS "templateVersionId", template_source AS "templateSource"`;

/**
 * A place in the open batch, opening one when there is none. The batch row stays locked until the
 * letter's transaction ends, so a hand-over that takes the batch waits for the letter to be in it.
 */
export async function placeInOpenBatch(
  m: EntityManager,
  now: Date,
  newBatchId: () => string,
): Promise<{ batchId: string; sequence: number }> {
  for (;;) {
    const [places]: [{ batchId: string; sequence: number }[], number] = await m.query(
      `UPDATE communications.print_batches SET letter_count = letter_count + 1 WHERE closing_at IS NULL RETURNING id AS "batchId", letter_count AS sequence`,
    );
    if (places[0]) return places[0];
    // At most one batch is open (a unique index): a concurrent opener wins, and this one joins it.
    await m.query(`INSERT INTO communications.print_batches (id, opened_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [newBatchId(), now]);
  }
}

export async function insertQueuedLetter(m: EntityManager, letter: QueuedLetter, now: Date): Promise<void> {
  await m.query(
    `INSERT INTO communications.print_batch_letters
       (communication_id, batch_id, sequence, case_reference, address, pdf, page_count, postage_class, registered, html, context, template_version_id, template_source, queued_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14)`,
    [
      letter.communicationId,
      letter.batchId,
      letter.sequence,
      letter.caseReference,
      JSON.stringify(letter.address),
      letter.pdf,
      letter.pageCount,
      letter.postageClass,
      letter.registered,
      letter.html,
      JSON.stringify(letter.context),
      letter.templateVersionId,
      letter.templateSource,
      now,
    ],
  );
}

/** The open batch stops taking letters (it waits for those still joining it); the next letter opens a new one. */
export async function closeOpenBatch(m: EntityManager, now: Date): Promise<void> {
  await m.query(
    `UPDATE communications.print_batches b SET closing_at = $1
      WHERE closing_at IS NULL AND EXISTS (SELECT 1 FROM communications.print_batch_letters l WHERE l.batch_id = b.id)`,
    [now],
  );
}

/**
 * Takes a letter out of its batch while the batch is open (holding the batch until the
 * transaction ends, so a hand-over cannot take it meanwhile); answers false once the batch is
 * being handed over: the letter is leaving.
 */
export async function takeOutOfOpenBatch(m: EntityManager, communicationId: string, batchId: string): Promise<boolean> {
  const open: unknown[] = await m.query(`SELECT 1 FROM communications.print_batches WHERE id = $1 AND closing_at IS NULL FOR UPDATE`, [
    batchId,
  ]);
  if (!open.length) return false;
  await m.query(`DELETE FROM communications.print_batch_letters WHERE communication_id = $1`, [communicationId]);
  return true;
}

/** The oldest batch closing and not handed over yet, locked until the transaction ends; one another instance holds is skipped. */
export async function lockClosingBatch(m: EntityManager): Promise<string | null> {
  const rows: { id: string }[] = await m.query(
    `SELECT id FROM communications.print_batches WHERE closing_at IS NOT NULL AND closed_at IS NULL ORDER BY closing_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
  );
  return rows[0]?.id ?? null;
}

/** The letters of a batch not handed over yet, in their order. */
export async function lettersOf(m: EntityManager, batchId: string): Promise<QueuedLetter[]> {
  const rows: QueuedLetter[] = await m.query(
    `SELECT ${LETTER_COLUMNS} FROM communications.print_batch_letters WHERE batch_id = $1 ORDER BY sequence`,
    [batchId],
  );
  return rows;
}

/** A batch whose letters were all taken out while it was closing: closed with no files for the print house. */
export async function markBatchEmpty(m: EntityManager, batchId: string, now: Date): Promise<void> {
  await m.query(`UPDATE communications.print_batches SET closed_at = $2, total_pages = 0 WHERE id = $1`, [batchId, now]);
}

/** The batch as handed over; its letters' content now lives in their evidence. */
export async function markBatchClosed(m: EntityManager, batch: ClosedPrintBatch): Promise<void> {
  await m.query(
    `UPDATE communications.print_batches SET closed_at = $2, pdf_path = $3, manifest_path = $4, total_pages = $5 WHERE id = $1`,
    [batch.batchId, batch.closedAt, batch.pdfPath, batch.manifestPath, batch.totalPages],
  );
  await m.query(`UPDATE communications.print_batch_letters SET pdf = NULL, html = NULL, context = NULL WHERE batch_id = $1`, [
    batch.batchId,
  ]);
}
