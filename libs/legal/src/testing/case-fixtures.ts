/** Test fixtures shared by the specs (not exported by the library). */
import { parseMoney } from '@amicus/money';
import { instantAt } from '@amicus/calendar';
import type { CaseInput, Claim, CommunicationRecord } from '../types';

export const eur = (v: string) => parseMoney(v, 'EUR');
export const brussels = (date: string, hh = 10, mm = 0) => instantAt(date, hh * 60 + mm, 'Europe/Brussels');
export const amsterdam = (date: string, hh = 10, mm = 0) => instantAt(date, hh * 60 + mm, 'Europe/Amsterdam');

export function beClaim(over: Partial<Claim> = {}): Claim {
  return {
    id: 'c1',
    number: 'INV-1',
    issueDate: '2024-11-15',
    dueDate: '2024-12-15',
    principal: eur('400.00'),
    terms: { damagesClause: { reciprocal: true }, interestClause: {} },
    ...over,
  };
}

export const creditorReminder = (date = '2024-12-20', over: Partial<CommunicationRecord> = {}): CommunicationRecord => ({
  kind: 'first_reminder',
  channel: 'letter',
  sentAt: brussels(date),
  sender: 'creditor',
  complete: true,
  ...over,
});

export function beConsumerCase(over: Partial<CaseInput> = {}): CaseInput {
  return {
    debtor: { kind: 'consumer', country: 'BE', timeZone: 'Europe/Brussels' },
    collector: { kind: 'agency', registrationNumber: 'FPS-2024-0001' },
    currency: 'EUR',
    claims: [beClaim()],
    communications: [creditorReminder()],
    payments: [],
    ...over,
  };
}
