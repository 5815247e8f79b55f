import { Module } from '@nestjs/common';
import { LedgerConsumer } from './ledger.consumer';
import { LedgerPostingsService } from './ledger-postings.service';
import { LedgerResolver } from './ledger.resolver';
import { LedgerService } from './ledger.service';

@Module({ providers: [LedgerPostingsService, LedgerService, LedgerResolver, LedgerConsumer] })
export class LedgerModule {}
