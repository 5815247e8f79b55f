import { Module } from '@nestjs/common';
import { TenantDatabase } from '../tenancy/tenant-database';
import { CaseDebtorFlagsResolver, DebtorFlagsResolver } from './debtor-flags.resolver';
import { DebtorFlagsService } from './debtor-flags.service';

@Module({
  providers: [TenantDatabase, DebtorFlagsService, DebtorFlagsResolver, CaseDebtorFlagsResolver],
  exports: [DebtorFlagsService],
})
export class DebtorFlagsModule {}
