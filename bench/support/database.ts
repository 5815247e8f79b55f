import { Client } from 'pg';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/amicus';

/** The URL of a bench's own database on the server DATABASE_URL names. */
export function benchDatabaseUrl(database: string): string {
  return SERVER_URL.replace(/\/[^/]*$/, `/${database}`);
}

/** Runs a statement (CREATE/DROP DATABASE) on the server's `postgres` database, which always exists. */
export async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: benchDatabaseUrl('postgres') });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
