import { Module } from '@nestjs/common';
import { CommunicationContextService } from './communication-context.service';

@Module({ providers: [CommunicationContextService], exports: [CommunicationContextService] })
export class CommunicationContextModule {}
