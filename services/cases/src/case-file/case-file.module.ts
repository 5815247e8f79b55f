import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { TenantDatabase } from '../tenancy/tenant-database';
import { CaseFileResolver, DebtorResolver } from './case-file.resolver';
import { CaseFileService } from './case-file.service';

@Module({
  imports: [ClientsModule],
  providers: [TenantDatabase, CaseFileService, CaseFileResolver, DebtorResolver],
  exports: [CaseFileService, TenantDatabase],
})
export class CaseFileModule {}
