import { Module } from '@nestjs/common';
import { CaseFileModule } from '../case-file/case-file.module';
import { PayLinksModule } from '../pay-links/pay-links.module';
import { TenantDatabase } from '../tenancy/tenant-database';
import { CaseComplaintsResolver, ComplaintsResolver, DebtorComplaintsResolver } from './complaints.resolver';
import { ComplaintsService } from './complaints.service';

@Module({
  imports: [CaseFileModule, PayLinksModule],
  providers: [TenantDatabase, ComplaintsService, ComplaintsResolver, CaseComplaintsResolver, DebtorComplaintsResolver],
  exports: [ComplaintsService],
})
export class ComplaintsModule {}
