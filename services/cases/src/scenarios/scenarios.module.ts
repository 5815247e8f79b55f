import { Module } from '@nestjs/common';
import { TenantDatabase } from '../tenancy/tenant-database';
import { ScenariosResolver } from './scenarios.resolver';
import { ScenariosService } from './scenarios.service';

@Module({ providers: [TenantDatabase, ScenariosService, ScenariosResolver], exports: [ScenariosService] })
export class ScenariosModule {}
