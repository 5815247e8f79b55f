#!/usr/bin/env node
// Makes sure the Amicus database exists on the PostgreSQL server named by DATABASE_URL
// (default: the local server, user postgres, trust auth). Each service then creates and
// migrates its own schema on start (TypeORM migrations; never `synchronize`).
'use strict';
const { Client } = require('pg');

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/amicus';

/** Creates the database named in `url` when it is missing. Returns true if it was created. */
async function ensureDatabase(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`DATABASE_URL: unusable database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
      return true;
    } catch (e) {
      // Created meanwhile by a service starting beside this one: 42P04, or 23505 when the two
      // CREATE DATABASE statements race on the catalog's unique index.
      if (e.code === '42P04' || e.code === '23505') return false;
      throw e;
    }
  } finally {
    await client.end();
  }
}

module.exports = { ensureDatabase, DEFAULT_DATABASE_URL };

if (require.main === module) {
  ensureDatabase()
    .then((created) => console.log(created ? 'database: created' : 'database: present'))
    .catch((e) => {
      console.error(`database: ${e.message}`);
      process.exit(1);
    });
}
