import { Module } from '@nestjs/common';
import { JourneyScheduler } from './journey-scheduler';

@Module({ providers: [JourneyScheduler], exports: [JourneyScheduler] })
export class JourneysModule {}
