import { Module } from '@nestjs/common';
import { CaseFileModule } from '../case-file/case-file.module';
import { TenantDatabase } from '../tenancy/tenant-database';
import { InstructionsResolver } from './instructions.resolver';
import { InstructionsService } from './instructions.service';

@Module({
  imports: [CaseFileModule],
  providers: [TenantDatabase, InstructionsService, InstructionsResolver],
  exports: [InstructionsService],
})
export class InstructionsModule {}
