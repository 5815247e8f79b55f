import { types } from 'pg';
import type { DataSource } from 'typeorm';
import { openServiceDataSource, type ServiceSchema } from '@amicus/service-runtime';
import { ClientEntity } from './clients/client.entity';
import { BrandEntity } from './brands/brand.entity';
import { UserEntity } from './users/user.entity';
import { FirstSlice1764000000000 } from './migrations/1764000000000-first-slice';
import { CaseFile1764100000000 } from './migrations/1764100000000-case-file';
import { PlacementTotals1764200000000 } from './migrations/1764200000000-placement-totals';
import { WorklistIndex1764300000000 } from './migrations/1764300000000-worklist-index';
import { Journeys1764600000000 } from './migrations/1764600000000-journeys';
import { ContactHistory1764400000000 } from './migrations/1764400000000-contact-history';
import { PlacementWarnings1764450000000 } from './migrations/1764450000000-placement-warnings';
import { Scenarios1764500000000 } from './migrations/1764500000000-scenarios';
import { RatePeriods1764700000000 } from './migrations/1764700000000-rate-periods';
import { JourneyReactions1764800000000 } from './migrations/1764800000000-journey-reactions';
import { Payments1764900000000 } from './migrations/1764900000000-payments';
import { PayLinks1765000000000 } from './migrations/1765000000000-pay-links';
import { OnlinePayments1765200000000 } from './migrations/1765200000000-online-payments';
import { UserAccess1765600000000 } from './migrations/1765600000000-user-access';
import { Escalation1765700000000 } from './migrations/1765700000000-escalation';
import { DisputesDebtor1765800000000 } from './migrations/1765800000000-disputes-debtor';
import { PlanReminders1766100000000 } from './migrations/1766100000000-plan-reminders';
import { DebtorFlags1765900000000 } from './migrations/1765900000000-debtor-flags';
import { Disputes1765100000000 } from './migrations/1765100000000-disputes';
import { PlansAndPromises1765400000000 } from './migrations/1765400000000-plans-and-promises';
import { LegalDossier1766000000000 } from './migrations/1766000000000-legal-dossier';
import { SettlementsComplaints1766300000000 } from './migrations/1766300000000-settlements-complaints';
import { SettlementsLapsed1766300000001 } from './migrations/1766300000001-settlements-lapsed';
import { OutgoingDueIndex1766500000000 } from './migrations/1766500000000-outgoing-due-index';
import { Sessions1766600000000 } from './migrations/1766600000000-sessions';
import { MessagingHousekeeping1766700000000 } from './migrations/1766700000000-messaging-housekeeping';

export const CASES_SCHEMA = 'cases';

// A calendar date stays the text Postgres gives (2025-01-31): parsed into a Date it would shift
// with the process's time zone.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

/** The cases schema's TypeORM entities and migrations, in order; the service, CLI and benches share them. */
export const casesEntities = [ClientEntity, BrandEntity, UserEntity];
export const casesMigrations = [
  FirstSlice1764000000000,
  CaseFile1764100000000,
  PlacementTotals1764200000000,
  WorklistIndex1764300000000,
  ContactHistory1764400000000,
  PlacementWarnings1764450000000,
  Scenarios1764500000000,
  Journeys1764600000000,
  RatePeriods1764700000000,
  JourneyReactions1764800000000,
  Payments1764900000000,
  PayLinks1765000000000,
  Disputes1765100000000,
  OnlinePayments1765200000000,
  PlansAndPromises1765400000000,
  UserAccess1765600000000,
  Escalation1765700000000,
  DisputesDebtor1765800000000,
  DebtorFlags1765900000000,
  LegalDossier1766000000000,
  PlanReminders1766100000000,
  SettlementsComplaints1766300000000,
  SettlementsLapsed1766300000001,
  OutgoingDueIndex1766500000000,
  Sessions1766600000000,
  MessagingHousekeeping1766700000000,
];

/** The cases schema as TypeORM knows it: the service, the CLI, the benches and the tests share it. */
export const casesSchema: ServiceSchema = { schema: CASES_SCHEMA, entities: casesEntities, migrations: casesMigrations };

/**
 * A DataSource on the cases schema outside the Nest app (CLI import, benchmarks, integration
 * tests): the schema is brought up to date with the same migrations the service runs on start.
 */
export function openCasesDataSource(databaseUrl: string, poolSize = 4): Promise<DataSource> {
  return openServiceDataSource(databaseUrl, casesSchema, poolSize);
}
