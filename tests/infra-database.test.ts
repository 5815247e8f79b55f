import path from 'node:path';
import { Client } from 'pg';
import { ROOT } from '@amicus/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureDatabase } = require(path.join(ROOT, 'infra', 'database.js')) as { ensureDatabase(url: string): Promise<boolean> };

const URL = 'postgres://postgres@127.0.0.1:5432/amicus_infra_race';

async function dropDatabase() {
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    await admin.query('DROP DATABASE IF EXISTS amicus_infra_race WITH (FORCE)');
  } finally {
    await admin.end();
  }
}

afterAll(dropDatabase);

describe('infra/database.js', () => {
  it('lets five services starting at once on a fresh database all go on, one of them creating it', async () => {
    for (let round = 0; round < 3; round++) {
      await dropDatabase();
      const results = await Promise.all(Array.from({ length: 5 }, () => ensureDatabase(URL)));
      expect(results.filter(Boolean)).toHaveLength(1);
    }
  });

  it('refuses a database name it cannot quote safely', async () => {
    await expect(ensureDatabase('postgres://postgres@127.0.0.1:5432/bad"name')).rejects.toThrow(/unusable database name/);
  });
});
