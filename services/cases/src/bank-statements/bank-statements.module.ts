import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module';
import { TenantDatabase } from '../tenancy/tenant-database';
import { BankStatementsResolver } from './bank-statements.resolver';
import { BankStatementsService } from './bank-statements.service';

@Module({
  imports: [PaymentsModule],
  providers: [TenantDatabase, BankStatementsService, BankStatementsResolver],
  exports: [BankStatementsService],
})
export class BankStatementsModule {}
