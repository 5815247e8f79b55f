import { topics } from '@amicus/events';
import { subgraphModule } from '@amicus/service-runtime';
import { Clock } from '@amicus/calendar';
import { CASES_CONFIG, CasesConfig } from './config';
import { ClientsModule } from './clients/clients.module';
import { UsersModule } from './users/users.module';
import { CaseFileModule } from './case-file/case-file.module';
import { PlacementsModule } from './placements/placements.module';
import { WorklistModule } from './worklist/worklist.module';
import { AssessmentModule } from './assessment/assessment.module';
import { ContactHistoryModule } from './contact-history/contact-history.module';
import { JourneysModule } from './journeys/journeys.module';
import { ScenariosModule } from './scenarios/scenarios.module';
import { RatesModule } from './rates/rates.module';
import { PaymentsModule } from './payments/payments.module';
import { BankStatementsModule } from './bank-statements/bank-statements.module';
import { PayLinksModule } from './pay-links/pay-links.module';
import { DisputesModule } from './disputes/disputes.module';
import { PaymentProviderModule } from './payment-provider/payment-provider.module';
import { PlansModule } from './plans/plans.module';
import { EscalationModule } from './escalation/escalation.module';
import { LegalDossierModule } from './legal-dossier/legal-dossier.module';
import { DebtorFlagsModule } from './debtor-flags/debtor-flags.module';
import { SettlementsModule } from './settlements/settlements.module';
import { InstructionsModule } from './instructions/instructions.module';
import { ComplaintsModule } from './complaints/complaints.module';
import { CASES_SCHEMA, casesEntities, casesMigrations } from './cases-schema';

export { CASES_SCHEMA };

export const AppModule = subgraphModule<CasesConfig>({
  service: 'cases',
  schema: CASES_SCHEMA,
  entities: casesEntities,
  migrations: casesMigrations,
  topics: [topics.clients, topics.cases, topics.communications],
  features: [
    ClientsModule,
    UsersModule,
    CaseFileModule,
    PlacementsModule,
    WorklistModule,
    AssessmentModule,
    ContactHistoryModule,
    JourneysModule,
    ScenariosModule,
    RatesModule,
    PaymentsModule,
    BankStatementsModule,
    PayLinksModule,
    DisputesModule,
    PaymentProviderModule,
    PlansModule,
    EscalationModule,
    LegalDossierModule,
    SettlementsModule,
    InstructionsModule,
    ComplaintsModule,
    DebtorFlagsModule,
  ],
  providers: (config) => [
    { provide: CASES_CONFIG, useValue: config },
    // The agency's clock: holds, ages and placement dates count the days of its calendar.
    { provide: Clock, useValue: new Clock(config.AMICUS_AGENCY_TIME_ZONE) },
  ],
});
