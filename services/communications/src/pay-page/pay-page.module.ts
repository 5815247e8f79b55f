import { Module } from '@nestjs/common';
import { CommunicationContextModule } from '../communication-context/communication-context.module';
import { PayPageResolver } from './pay-page.resolver';
import { PayPageService } from './pay-page.service';

@Module({ imports: [CommunicationContextModule], providers: [PayPageService, PayPageResolver] })
export class PayPageModule {}
