import { Module } from '@nestjs/common';
import { CommunicationsModule } from '../communications/communications.module';
import { OptOutsResolver } from './opt-outs.resolver';
import { OptOutsService } from './opt-outs.service';

@Module({ imports: [CommunicationsModule], providers: [OptOutsService, OptOutsResolver] })
export class OptOutsModule {}
