// What the payments and bank-import tests share: the services on a test database, and a refusal read back.
import type { DataSource } from 'typeorm';
import type { Clock } from '@amicus/calendar';
import { isDomainError } from '@amicus/errors';
import { BankStatementsService } from '../src/bank-statements/bank-statements.service';
import { PaymentsService } from '../src/payments/payments.service';
import { TenantDatabase } from '../src/tenancy/tenant-database';

export const paymentsService = (ds: DataSource, clock: Clock) =>
  new PaymentsService(new TenantDatabase(ds), { schema: 'cases', topicPrefix: '' }, clock, { AMICUS_AGENCY_REGISTRATION: '0123.456.789' });

export const bankService = (ds: DataSource, clock: Clock) =>
  new BankStatementsService(new TenantDatabase(ds), paymentsService(ds, clock), clock);

/** The DomainError a use case refused with: its code, message and the fields it named. */
export async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string; fields: string[] }> {
  try {
    await work;
  } catch (e) {
    if (isDomainError(e)) return { code: e.code, message: e.message, fields: e.problems.map((p) => p.field) };
    throw e;
  }
  throw new Error('expected a refusal');
}
