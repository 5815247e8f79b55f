import type { Type } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions, type ValueTransformer } from 'typeorm';
import { dataSourceOptions, ensureSchema } from './database';

/** A service's schema as TypeORM knows it: the service, its tools and its tests share one list. */
export interface ServiceSchema {
  schema: string;
  entities: DataSourceOptions['entities'];
  /** In order; landed migrations are never edited. */
  migrations: Type<unknown>[];
}

/** A Postgres bigint column as exact bigint minor units (pg hands a bigint over as text; never a JS number). */
export const minorUnitsColumn: ValueTransformer = {
  to: (v?: bigint | null) => (v === undefined || v === null ? v : v.toString()),
  from: (v: string | null) => (v === null ? v : BigInt(v)),
};

/**
 * A DataSource on a service's schema outside the Nest app (CLI, benchmarks, integration
 * tests): the schema is brought up to date with the same migrations the service runs on start.
 */
export async function openServiceDataSource(databaseUrl: string, s: ServiceSchema, poolSize = 4): Promise<DataSource> {
  await ensureSchema(databaseUrl, s.schema);
  const options = dataSourceOptions({ url: databaseUrl, ...s });
  const ds = new DataSource({ ...options, extra: { max: poolSize } } as typeof options);
  return ds.initialize();
}

/**
 * A database of a test's own on the server DATABASE_URL names, with the service's schema
 * migrated; `drop` closes it and drops the database.
 */
export async function freshServiceDatabase(name: string, s: ServiceSchema): Promise<{ ds: DataSource; drop: () => Promise<void> }> {
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/amicus';
  const database = `amicus_it_${name}_${process.pid}`;
  const onServer = async (sql: string) => {
    const admin = new Client({ connectionString: server.replace(/\/[^/]*$/, '/postgres') });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  const ds = await openServiceDataSource(server.replace(/\/[^/]*$/, `/${database}`), s);
  return {
    ds,
    drop: async () => {
      await ds.destroy();
      await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
}
