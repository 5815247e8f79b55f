import { Module } from '@nestjs/common';
import { CaseFileModule } from '../case-file/case-file.module';
import { WorklistResolver } from './worklist.resolver';
import { WorklistService } from './worklist.service';

@Module({ imports: [CaseFileModule], providers: [WorklistService, WorklistResolver] })
export class WorklistModule {}
