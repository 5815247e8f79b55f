import type { DataSource } from 'typeorm';
import { freshServiceDatabase } from '@amicus/service-runtime';
import { casesSchema } from '../src/cases-schema';

/** A fresh database per test file, with the cases schema migrated; dropped by `drop`. */
export function freshCasesDatabase(name: string): Promise<{ ds: DataSource; drop: () => Promise<void> }> {
  return freshServiceDatabase(name, casesSchema);
}

export async function seedClient(
  ds: DataSource,
  opts: { country?: string; brands?: string[] } = {},
): Promise<{ clientId: string; brandIds: string[] }> {
  const clientId = crypto.randomUUID();
  await ds.query(`INSERT INTO cases.clients (id, name, country) VALUES ($1, $2, $3)`, [
    clientId,
    `Client ${clientId.slice(0, 8)}`,
    opts.country ?? 'BE',
  ]);
  const brandIds: string[] = [];
  for (const name of opts.brands ?? ['Main brand']) {
    const id = crypto.randomUUID();
    await ds.query(`INSERT INTO cases.brands (id, client_id, name, languages, phone) VALUES ($1, $2, $3, $4, '+3225551234')`, [
      id,
      clientId,
      name,
      ['nl', 'fr'],
    ]);
    brandIds.push(id);
  }
  return { clientId, brandIds };
}
