import { Module } from '@nestjs/common';
import { AgreementsResolver } from './agreements.resolver';
import { AgreementsService } from './agreements.service';

@Module({ providers: [AgreementsService, AgreementsResolver], exports: [AgreementsService] })
export class AgreementsModule {}
