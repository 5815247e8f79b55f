/**
 * The debtor's persistence: a `cases.debtors` row as a typed shape, and the set-based writes
 * placements make (one statement per batch, however many debtors it holds).
 */
import type { EntityManager } from 'typeorm';
import type { Debtor } from './debtor';

/** A `cases.debtors` row as pg returns it (`char(n)` columns padded with spaces). */
export interface DebtorRow {
  id: string;
  client_id: string;
  kind: Debtor['kind'];
  name: string;
  client_reference: string | null;
  vat_number: string | null;
  emails: string[];
  phones: string[];
  addresses: Debtor['addresses'];
  preferred_channel: Debtor['preferredChannel'] | null;
  language: string;
  country: string;
  time_zone: string;
  iban: string | null;
}

export function debtorOfRow(r: DebtorRow): Debtor {
  return {
    id: r.id,
    clientId: r.client_id,
    kind: r.kind,
    name: r.name,
    clientReference: r.client_reference ?? null,
    vatNumber: r.vat_number ?? null,
    emails: r.emails,
    phones: r.phones,
    addresses: r.addresses,
    preferredChannel: r.preferred_channel ?? null,
    language: r.language.trim(),
    country: r.country.trim(),
    timeZone: r.time_zone,
    iban: r.iban ?? null,
  };
}

export async function debtorsByIds(m: EntityManager, ids: readonly string[]): Promise<Debtor[]> {
  const rows: DebtorRow[] = await m.query(`SELECT * FROM cases.debtors WHERE id = ANY($1::uuid[])`, [ids]);
  return rows.map(debtorOfRow);
}

export async function insertDebtors(m: EntityManager, list: readonly Debtor[], at: Date): Promise<void> {
  if (!list.length) return;
  await m.query(
    `INSERT INTO cases.debtors (id, client_id, kind, name, client_reference, vat_number, emails, phones, addresses, language, country, time_zone, iban, created_at, updated_at)
     SELECT id, client_id, kind, name, client_reference, vat_number,
            ARRAY(SELECT jsonb_array_elements_text(emails)), ARRAY(SELECT jsonb_array_elements_text(phones)), addresses, language, country, time_zone, iban, $14, $14
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::jsonb[], $10::text[], $11::text[], $12::text[], $13::text[])
         AS t(id, client_id, kind, name, client_reference, vat_number, emails, phones, addresses, language, country, time_zone, iban)`,
    [
      list.map((d) => d.id),
      list.map((d) => d.clientId),
      list.map((d) => d.kind),
      list.map((d) => d.name),
      list.map((d) => d.clientReference),
      list.map((d) => d.vatNumber),
      list.map((d) => JSON.stringify(d.emails)),
      list.map((d) => JSON.stringify(d.phones)),
      list.map((d) => JSON.stringify(d.addresses)),
      list.map((d) => d.language),
      list.map((d) => d.country),
      list.map((d) => d.timeZone),
      list.map((d) => d.iban),
      at,
    ],
  );
}

/** Stores the contacts (e-mails, phones, addresses) a placement taught about known debtors. */
export async function updateDebtorContacts(m: EntityManager, list: readonly Debtor[], at: Date): Promise<void> {
  if (!list.length) return;
  await m.query(
    `UPDATE cases.debtors d SET emails = ARRAY(SELECT jsonb_array_elements_text(t.emails)), phones = ARRAY(SELECT jsonb_array_elements_text(t.phones)), addresses = t.addresses, updated_at = $5
       FROM unnest($1::uuid[], $2::jsonb[], $3::jsonb[], $4::jsonb[]) AS t(id, emails, phones, addresses) WHERE d.id = t.id`,
    [
      list.map((d) => d.id),
      list.map((d) => JSON.stringify(d.emails)),
      list.map((d) => JSON.stringify(d.phones)),
      list.map((d) => JSON.stringify(d.addresses)),
      at,
    ],
  );
}
