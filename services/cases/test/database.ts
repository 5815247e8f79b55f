import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openCasesDataSource } from '../src/cases-schema';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/amicus';

/** A fresh database per test file, with the cases schema migrated; dropped by `drop`. */
export async function freshCasesDatabase(name: string): Promise<{ ds: DataSource; url: string; drop: () => Promise<void> }> {
  const database = `amicus_it_${name}_${process.pid}`;
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
  const ds = await openCasesDataSource(url);
  return {
    ds,
    url,
    drop: async () => {
      await ds.destroy();
      const admin = new Client({ connectionString: ADMIN_URL });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

export async function seedClient(ds: DataSource, opts: { country?: string; brands?: string[] } = {}): Promise<{ clientId: string; brandIds: string[] }> {
  const clientId = crypto.randomUUID();
  await ds.query(`INSERT INTO cases.clients (id, name, country) VALUES ($1, $2, $3)`, [clientId, `Client ${clientId.slice(0, 8)}`, opts.country ?? 'BE']);
  const brandIds: string[] = [];
  for (const name of opts.brands ?? ['Main brand']) {
    const id = crypto.randomUUID();
    await ds.query(`INSERT INTO cases.brands (id, client_id, name, languages, phone) VALUES ($1, $2, $3, $4, '+3225551234')`, [id, clientId, name, ['nl', 'fr']]);
    brandIds.push(id);
  }
  return { clientId, brandIds };
}
