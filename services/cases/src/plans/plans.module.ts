import { Module } from '@nestjs/common';
import { CaseFileModule } from '../case-file/case-file.module';
import { PayLinksModule } from '../pay-links/pay-links.module';
import { TenantDatabase } from '../tenancy/tenant-database';
import { PlansConsumer } from './plans.consumer';
import { CasePlansResolver, ClientPlansResolver, DebtorPlansResolver, PlansResolver } from './plans.resolver';
import { PlansService } from './plans.service';

@Module({
  imports: [CaseFileModule, PayLinksModule],
  providers: [TenantDatabase, PlansService, PlansResolver, CasePlansResolver, ClientPlansResolver, DebtorPlansResolver, PlansConsumer],
  exports: [PlansService],
})
export class PlansModule {}
