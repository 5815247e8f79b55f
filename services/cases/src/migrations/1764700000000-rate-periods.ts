import { MigrationInterface, QueryRunner } from 'typeorm';
import { seedRatePeriods } from '../rates/rate-store';

/**
 * Reference-rate periods as data: per engine table (be-late-payment, nl-statutory,
 * nl-commercial) the periods with their rate as exact decimal text, their source, who added
 * them and when. Append-only (the audit trigger: no update, delete or truncate, for anyone):
 * a value the engine used is never rewritten, the table grows at its end. Every role reads
 * it (every role may assess a case); only the agency admin adds. Seeded from the shipped
 * tables in libs/legal/src/rates/.
 */
export class RatePeriods1764700000000 implements MigrationInterface {
  name = 'RatePeriods1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.rate_periods (
      table_id text NOT NULL CHECK (table_id IN ('be-late-payment', 'nl-statutory', 'nl-commercial')),
      valid_from date NOT NULL,
      valid_through date NOT NULL,
      rate_percent text NOT NULL CHECK (rate_percent ~ '^[0-9]{1,2}\\.[0-9]{2,3}$'),
      source text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
      added_by text NOT NULL,
      added_at timestamptz NOT NULL,
      PRIMARY KEY (table_id, valid_from),
      CHECK (valid_through >= valid_from)
    )`);
    await q.query(`CREATE TRIGGER rate_periods_append_only BEFORE UPDATE OR DELETE ON cases.rate_periods FOR EACH ROW EXECUTE FUNCTION cases.refuse_audit_change()`);
    await q.query(`CREATE TRIGGER rate_periods_no_truncate BEFORE TRUNCATE ON cases.rate_periods FOR EACH STATEMENT EXECUTE FUNCTION cases.refuse_audit_change()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON cases.rate_periods FROM PUBLIC`);
    await q.query(`GRANT SELECT, INSERT ON cases.rate_periods TO amicus_cases_app`);
    await q.query(`ALTER TABLE cases.rate_periods ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.rate_periods FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY rate_periods_read ON cases.rate_periods FOR SELECT USING (true)`);
    await q.query(`CREATE POLICY rate_periods_add ON cases.rate_periods FOR INSERT WITH CHECK (cases.tenant_role() = 'agency_admin')`);

    await seedRatePeriods(q.manager, new Date());
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.rate_periods`);
  }
}
