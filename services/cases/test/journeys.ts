// What the journey tests share: placing BE consumer cases, a scheduler context on a test clock,
// and reading back what the scheduler requested.
import type { DataSource } from 'typeorm';
import { Clock } from '@amicus/calendar';
import { Outbox } from '@amicus/messaging';
import { journeyContext, type StepContext } from '../src/journeys/journey-plan';
import { importPlacement } from '../src/placements/placement-import';
import { apiHeader, apiMapping, apiRecords, type ApiClaim } from '../src/placements/placement-input';

export const outbox = new Outbox('cases');

/** A clock set at `start` that tests move forward. */
export function testClock(start: string): Clock {
  const clock = new Clock('Europe/Brussels');
  clock.advance(Date.parse(start) - Date.now());
  return clock;
}

export function schedulerContext(clock: Clock, publish: StepContext['publish'] = (m, e) => outbox.append(m, e)): StepContext {
  return journeyContext({ clock, agencyRegistration: '0123.456.789', publish });
}

/** Places one claim per debtor: BE consumers with an e-mail and a reciprocal damages clause. */
export async function placeDebtors(
  ds: DataSource,
  clientId: string,
  names: string[],
  now: Date,
  dueDate = '2025-01-31',
): Promise<string[]> {
  const claims = names.map((name, i): ApiClaim => ({
    debtorName: name,
    clientDebtorReference: `REF-${name}`,
    email: `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.org`,
    addressLine1: 'Kerkstraat 1',
    postcode: '9000',
    city: 'Gent',
    country: 'BE',
    invoiceNumber: `INV-${name}-${i}`,
    issueDate: '2025-01-01',
    dueDate,
    amount: '400.00',
    currency: 'EUR',
    damagesClause: true,
    interestClause: true,
  }));
  await ds.transaction((m) =>
    importPlacement(m, (mm, e) => outbox.append(mm, e), {
      placementId: crypto.randomUUID(),
      clientId,
      source: 'api',
      fileName: null,
      actor: { kind: 'admin', id: 'it' },
      correlationId: crypto.randomUUID(),
      header: apiHeader,
      records: apiRecords(claims),
      mapping: apiMapping,
      now,
      timeZone: 'Europe/Brussels',
    }),
  );
  const rows: { id: string }[] = await ds.query(
    `SELECT c.id FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id WHERE c.client_id = $1 ORDER BY d.name`,
    [clientId],
  );
  return rows.map((r) => r.id);
}

export interface Requested {
  caseId: string;
  kind: string;
  channel: string;
  requestId: string;
  totalMinor: string | null;
  damagesMinor: string | null;
}

/** The CommunicationRequested events the outbox holds for these cases, oldest first. */
export async function requestedFor(ds: DataSource, caseIds: string[]): Promise<Requested[]> {
  const rows: {
    envelope: {
      payload: {
        caseId: string;
        kind: string;
        channel: string;
        requestId: string;
        amounts: { totalMinor: string; damagesMinor: string } | null;
      };
    };
  }[] = await ds.query(`SELECT envelope FROM cases.outbox WHERE type = 'CommunicationRequested' AND key = ANY($1::text[]) ORDER BY seq`, [
    caseIds,
  ]);
  return rows.map(({ envelope: { payload: p } }) => ({
    caseId: p.caseId,
    kind: p.kind,
    channel: p.channel,
    requestId: p.requestId,
    totalMinor: p.amounts?.totalMinor ?? null,
    damagesMinor: p.amounts?.damagesMinor ?? null,
  }));
}

/** As if communications had sent it: the contact history the case file keeps from CommunicationSent. */
export async function markSent(ds: DataSource, caseId: string, kind: string, channel: string, at: Date): Promise<void> {
  await ds.query(`INSERT INTO cases.contact_history (id, case_id, kind, channel, at, complete) VALUES ($1, $2, $3, $4, $5, true)`, [
    crypto.randomUUID(),
    caseId,
    kind,
    channel,
    at,
  ]);
}
