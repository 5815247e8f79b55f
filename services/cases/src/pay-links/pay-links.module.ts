import { Module } from '@nestjs/common';
import { TenantDatabase } from '../tenancy/tenant-database';
import { PayLinksResolver } from './pay-links.resolver';
import { PayLinksService } from './pay-links.service';

@Module({ providers: [TenantDatabase, PayLinksService, PayLinksResolver], exports: [PayLinksService] })
export class PayLinksModule {}
