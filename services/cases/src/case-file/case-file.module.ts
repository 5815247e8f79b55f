import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { TenantDatabase } from '../tenancy/tenant-database';
import { CaseFileResolver, DebtorResolver } from './case-file.resolver';
import { CaseFileService } from './case-file.service';
import { CaseReadsService } from './case-reads.service';

@Module({
  imports: [ClientsModule],
  providers: [TenantDatabase, CaseFileService, CaseReadsService, CaseFileResolver, DebtorResolver],
  exports: [CaseFileService, CaseReadsService, TenantDatabase],
})
export class CaseFileModule {}
