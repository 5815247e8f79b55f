import { Module } from '@nestjs/common';
import { CaseFileModule } from '../case-file/case-file.module';
import { PlansModule } from '../plans/plans.module';
import { TenantDatabase } from '../tenancy/tenant-database';
import { SettlementsConsumer } from './settlements.consumer';
import { CaseSettlementsResolver, ClientSettlementsResolver, SettlementsResolver } from './settlements.resolver';
import { SettlementsService } from './settlements.service';

@Module({
  imports: [CaseFileModule, PlansModule],
  providers: [
    TenantDatabase,
    SettlementsService,
    SettlementsResolver,
    CaseSettlementsResolver,
    ClientSettlementsResolver,
    SettlementsConsumer,
  ],
  exports: [SettlementsService],
})
export class SettlementsModule {}
