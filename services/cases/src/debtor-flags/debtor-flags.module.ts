import { Module } from '@nestjs/common';
import { PayLinksModule } from '../pay-links/pay-links.module';
import { TenantDatabase } from '../tenancy/tenant-database';
import { CaseDebtorFlagsResolver, DebtorFlagsResolver } from './debtor-flags.resolver';
import { DebtorFlagsService } from './debtor-flags.service';

@Module({
  imports: [PayLinksModule],
  providers: [TenantDatabase, DebtorFlagsService, DebtorFlagsResolver, CaseDebtorFlagsResolver],
  exports: [DebtorFlagsService],
})
export class DebtorFlagsModule {}
