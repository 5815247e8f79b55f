import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 5: a brand's own call script per language (the sections it overrides; the rest is the default). */
export class CallScripts1764200000000 implements MigrationInterface {
  name = 'CallScripts1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE communications.call_scripts (
      brand_id uuid NOT NULL REFERENCES communications.brand_looks(brand_id),
      language text NOT NULL CHECK (language IN ('nl', 'fr', 'de', 'en')),
      script jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (brand_id, language)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE communications.call_scripts`);
  }
}
