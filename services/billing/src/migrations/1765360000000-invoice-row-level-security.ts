import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security on the invoices (#14's tables, after 1765330000000 walled the agreements,
 * the ledger and the remittances): the requests' reads of a client's invoices, credit notes,
 * their billing recipient and deliveries run as `amicus_billing_app` under libs/auth's money
 * wall — the agency admin every client's, a client user its own, agents and legal staff none.
 * Issuing, crediting and sending stay the admin's commands, written as the owner; the gap-free
 * number series is never readable by the requests' role.
 */
export class InvoiceRowLevelSecurity1765360000000 implements MigrationInterface {
  name = 'InvoiceRowLevelSecurity1765360000000';

  async up(q: QueryRunner): Promise<void> {
    const wall = `billing.tenant_role() = 'agency_admin'
        OR (billing.tenant_role() = 'client_user' AND client_id = ANY (billing.setting_ids('app.client_ids')))`;
    await q.query(`GRANT SELECT ON billing.invoices, billing.invoice_recipients, billing.invoice_deliveries TO amicus_billing_app`);
    for (const table of ['invoices', 'invoice_recipients']) {
      await q.query(`ALTER TABLE billing.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_tenant ON billing.${table} FOR SELECT TO amicus_billing_app USING (${wall})`);
    }
    // A delivery is its invoice's: visible when the invoice is (the policy on invoices applies inside).
    await q.query(`ALTER TABLE billing.invoice_deliveries ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY invoice_deliveries_tenant ON billing.invoice_deliveries FOR SELECT TO amicus_billing_app USING (
        EXISTS (SELECT 1 FROM billing.invoices i WHERE i.id = invoice_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['invoices', 'invoice_recipients', 'invoice_deliveries']) {
      await q.query(`DROP POLICY ${table}_tenant ON billing.${table}`);
      await q.query(`ALTER TABLE billing.${table} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`REVOKE SELECT ON billing.invoices, billing.invoice_recipients, billing.invoice_deliveries FROM amicus_billing_app`);
  }
}
