import { Module } from '@nestjs/common';
import { RemittancesResolver } from './remittances.resolver';
import { RemittancesService } from './remittances.service';

@Module({ providers: [RemittancesService, RemittancesResolver] })
export class RemittancesModule {}
