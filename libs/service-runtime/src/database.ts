import { Client } from 'pg';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/** The database itself is made by the project's infra/database.js (plain JS, shared with the CLI). */
function infraDatabase(): { ensureDatabase(url: string): Promise<boolean> } {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'infra', 'database.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (existsSync(file)) return require(file);
  }
  throw new Error('infra/database.js not found above ' + __dirname);
}

/** A service's schema must exist before TypeORM keeps its migrations table in it. */
export async function ensureSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`unusable schema name ${schema}`);
  await infraDatabase().ensureDatabase(databaseUrl);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (e) {
    // Two services starting at once may race on CREATE SCHEMA; the other one won.
    if ((e as { code?: string }).code !== '23505') throw e;
  } finally {
    await client.end();
  }
}

/**
 * TypeORM options of one service: its own schema, its migrations run on start, never
 * `synchronize` (the schema changes only through reviewed migrations).
 */
export function dataSourceOptions(opts: {
  url: string;
  schema: string;
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
}): DataSourceOptions {
  return {
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: { max: 10 },
  };
}
