import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CalendarFeedsService } from './calendar-feeds.service';
import { DeadlineBoard } from './deadline-board.service';
import { CalendarFeedFileController, DeadlinesController } from './deadlines.controller';

/** The deadline board (every DeadlineSource in the application), its CSV, and the calendar feeds. */
@Module({ imports: [DiscoveryModule], controllers: [DeadlinesController, CalendarFeedFileController], providers: [DeadlineBoard, CalendarFeedsService], exports: [DeadlineBoard] })
export class DeadlinesModule {}
