import { Module } from '@nestjs/common';
import { CaseFileModule } from '../case-file/case-file.module';
import { TenantDatabase } from '../tenancy/tenant-database';
import { DisputesConsumer } from './disputes.consumer';
import { CaseDisputesResolver, ClientDisputesResolver, DisputesResolver } from './disputes.resolver';
import { DisputesService } from './disputes.service';

@Module({
  imports: [CaseFileModule],
  providers: [TenantDatabase, DisputesService, DisputesResolver, CaseDisputesResolver, ClientDisputesResolver, DisputesConsumer],
  exports: [DisputesService],
})
export class DisputesModule {}
