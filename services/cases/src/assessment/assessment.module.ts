import { Module } from '@nestjs/common';
import { CaseFileModule } from '../case-file/case-file.module';
import { AssessmentResolver } from './assessment.resolver';
import { AssessmentService } from './assessment.service';

@Module({ imports: [CaseFileModule], providers: [AssessmentService, AssessmentResolver] })
export class AssessmentModule {}
