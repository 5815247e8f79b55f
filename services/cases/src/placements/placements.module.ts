import { Module } from '@nestjs/common';
import { CaseFileModule } from '../case-file/case-file.module';
import { PlacementsResolver } from './placements.resolver';
import { PlacementsService } from './placements.service';

@Module({ imports: [CaseFileModule], providers: [PlacementsService, PlacementsResolver] })
export class PlacementsModule {}
