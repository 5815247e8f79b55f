import { Module } from '@nestjs/common';
import { ContactHistoryConsumer } from './contact-history.consumer';

@Module({ providers: [ContactHistoryConsumer] })
export class ContactHistoryModule {}
