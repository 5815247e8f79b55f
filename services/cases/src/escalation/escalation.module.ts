import { Module } from '@nestjs/common';
import { TenantDatabase } from '../tenancy/tenant-database';
import { CaseEscalationResolver, ClientEscalationResolver, EscalationResolver } from './escalation.resolver';
import { EscalationService } from './escalation.service';

@Module({
  providers: [TenantDatabase, EscalationService, EscalationResolver, CaseEscalationResolver, ClientEscalationResolver],
  exports: [EscalationService],
})
export class EscalationModule {}
