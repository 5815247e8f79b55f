import { Module } from '@nestjs/common';
import { CaseFileModule } from '../case-file/case-file.module';
import { PayLinksModule } from '../pay-links/pay-links.module';
import { TenantDatabase } from '../tenancy/tenant-database';
import { DisputesConsumer } from './disputes.consumer';
import { CaseDisputesResolver, ClientDisputesResolver, DebtorDisputesResolver, DisputesResolver } from './disputes.resolver';
import { DisputesService } from './disputes.service';

@Module({
  imports: [CaseFileModule, PayLinksModule],
  providers: [
    TenantDatabase,
    DisputesService,
    DisputesResolver,
    CaseDisputesResolver,
    ClientDisputesResolver,
    DebtorDisputesResolver,
    DisputesConsumer,
  ],
  exports: [DisputesService],
})
export class DisputesModule {}
