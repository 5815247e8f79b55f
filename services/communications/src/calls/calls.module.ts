import { Module } from '@nestjs/common';
import { CommunicationContextModule } from '../communication-context/communication-context.module';
import { CallsResolver } from './calls.resolver';
import { CallsService } from './calls.service';

@Module({ imports: [CommunicationContextModule], providers: [CallsService, CallsResolver] })
export class CallsModule {}
