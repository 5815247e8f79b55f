import type { ServiceSchema } from '@amicus/service-runtime';
import { ClientPortfolioEntity } from './portfolio/client-portfolio.entity';
import { FirstSlice1764000000000 } from './migrations/1764000000000-first-slice';
import { PortfolioCases1764100000000 } from './migrations/1764100000000-portfolio-cases';
import { CollectedAndCohorts1765500000000 } from './migrations/1765500000000-collected-and-cohorts';
import { ClaimAndPaymentIdsAsText1765510000000 } from './migrations/1765510000000-claim-and-payment-ids-as-text';
import { RowLevelSecurity1765520000000 } from './migrations/1765520000000-row-level-security';
import { MessagingHousekeeping1765540000000 } from './migrations/1765540000000-messaging-housekeeping';
import { RootCauses1765550000000 } from './migrations/1765550000000-root-causes';

export const REPORTING_SCHEMA = 'reporting';

/** The reporting schema's entities and migrations, in order; the service and its tests share them. */
export const reportingSchema: ServiceSchema = {
  schema: REPORTING_SCHEMA,
  entities: [ClientPortfolioEntity],
  migrations: [
    FirstSlice1764000000000,
    PortfolioCases1764100000000,
    CollectedAndCohorts1765500000000,
    ClaimAndPaymentIdsAsText1765510000000,
    RowLevelSecurity1765520000000,
    MessagingHousekeeping1765540000000,
    RootCauses1765550000000,
  ],
};
