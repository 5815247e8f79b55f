import { Module } from '@nestjs/common';
import { TenantDatabase } from '../tenancy/tenant-database';
import { RatesResolver } from './rates.resolver';
import { RatesService } from './rates.service';

@Module({ providers: [TenantDatabase, RatesService, RatesResolver], exports: [RatesService] })
export class RatesModule {}
