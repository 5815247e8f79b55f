import { Module } from '@nestjs/common';
import { AgreementsResolver } from './agreements.resolver';

@Module({ providers: [AgreementsResolver] })
export class AgreementsModule {}
