import { Module } from '@nestjs/common';
import { TenantDatabase } from '../tenancy/tenant-database';
import { CasePaymentsResolver, PaymentsResolver } from './payments.resolver';
import { PaymentsService } from './payments.service';

@Module({ providers: [TenantDatabase, PaymentsService, PaymentsResolver, CasePaymentsResolver], exports: [PaymentsService] })
export class PaymentsModule {}
