import { Module } from '@nestjs/common';
import { CaseFileModule } from '../case-file/case-file.module';
import { TenantDatabase } from '../tenancy/tenant-database';
import { PlansConsumer } from './plans.consumer';
import { CasePlansResolver, ClientPlansResolver, PlansResolver } from './plans.resolver';
import { PlansService } from './plans.service';

@Module({
  imports: [CaseFileModule],
  providers: [TenantDatabase, PlansService, PlansResolver, CasePlansResolver, ClientPlansResolver, PlansConsumer],
  exports: [PlansService],
})
export class PlansModule {}
