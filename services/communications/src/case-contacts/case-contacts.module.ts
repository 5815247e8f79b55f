import { Module } from '@nestjs/common';
import { CaseContactsService } from './case-contacts.service';

@Module({ providers: [CaseContactsService], exports: [CaseContactsService] })
export class CaseContactsModule {}
