import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiNoContentResponse, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems } from '../common/openapi';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators';
import { API_PREFIX } from '../common/api-prefix';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { isUuid, UuidParam } from '../common/validation';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { addDays, type DateOnly } from '../rules/dates';
import { CalendarFeedsService, feedPath } from './calendar-feeds.service';
import { DeadlineBoard } from './deadline-board.service';
import type { DeadlineEntry, DeadlineQuery } from './deadline-source';
import { deadlinesCsv } from './deadlines-csv';
import { deadlinesICalendar } from './deadlines-ical';
import { CalendarFeedView, CreateCalendarFeedDto, CreatedCalendarFeed, DeadlineEntryView, DeadlineListQuery } from './deadlines.dto';

const list = (v: string | undefined) => (v ? v.split(',') : undefined);
const FEED_PAST_DAYS = 366;
const FEED_AHEAD_DAYS = 400;

const CALENDAR_ANSWER = { 'text/calendar': { schema: { type: 'string' as const, description: 'iCalendar (RFC 5545): one all-day event per deadline, with reminders' } } };

function sendCalendar(res: Response, name: string, entries: DeadlineEntry[], now: Date): void {
  res.type('text/calendar; charset=utf-8').setHeader('Content-Disposition', 'inline; filename="bhcheck-deadlines.ics"');
  res.send(deadlinesICalendar(name, entries, now));
}

@ApiTags('deadlines')
@ApiAuthenticated()
@Controller()
export class DeadlinesController {
  constructor(
    private readonly board: DeadlineBoard,
    private readonly feeds: CalendarFeedsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('deadlines')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR', 'BILLING')
  @ApiOperation({ summary: 'Every open deadline (Table N and any other source), soonest first, filtered by provider, program, kind and party; as JSON, CSV (Accept: text/csv or format=csv) or iCalendar (Accept: text/calendar or format=ics)' })
  @ApiResponse({
    status: 200,
    description: 'The deadlines, soonest first',
    content: {
      'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(DeadlineEntryView) } } },
      'text/csv': { schema: { type: 'string', description: 'UTF-8 with a byte order mark, CRLF rows' }, example: '\uFEFFdueOn,overdue,providerName,program,kind,party,citation,description,openedOn,providerId,programApprovalId,source\r\n' },
      ...CALENDAR_ANSWER,
    },
  })
  @ApiExtraModels(DeadlineEntryView)
  @ApiProblems(400)
  @Header('Vary', 'Accept')
  async deadlines(@CurrentActor() actor: Actor, @Query() q: DeadlineListQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const asOf = q.asOf ?? this.clock.today();
    const from = q.from ?? addDays(asOf, -366);
    const to = q.to ?? addDays(asOf, 366);
    if (to < from) throw DomainError.field('to', `must not be before from (${from})`);
    const query: DeadlineQuery = { asOf, from, to, providerId: q.providerId, programs: list(q.program), kinds: list(q.kind), parties: list(q.party), overdueOnly: q.overdue === 'true' };
    const items = await this.board.list(actor, query);
    const format = q.format ?? ({ 'text/csv': 'csv', 'text/calendar': 'ics' } as Record<string, 'csv' | 'ics'>)[String(req.accepts(['application/json', 'text/csv', 'text/calendar']))] ?? 'json';
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="deadlines-${asOf}.csv"`);
      res.send(deadlinesCsv(items));
    } else if (format === 'ics') {
      sendCalendar(res, 'bhcheck deadlines', items, this.clock.now());
    } else {
      res.json(items);
    }
  }

  @Post('calendar-feeds')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR', 'BILLING')
  @ApiOperation({ summary: 'A secret, read-only iCalendar address in the scope of this API key, for a calendar client to subscribe to without an Authorization header' })
  @ApiAnswer(201, CreatedCalendarFeed)
  @ApiProblems(400, 413)
  async createFeed(@CurrentActor() actor: Actor, @Body() dto: CreateCalendarFeedDto, @Req() req: Request): Promise<CreatedCalendarFeed> {
    const { feed, token } = await this.feeds.create(actor, dto);
    const base = this.config.publicUrl ?? `${req.protocol}://${req.get('host')}`;
    return { ...feed, url: `${base}/${API_PREFIX}/${feedPath(feed.id, token)}` };
  }

  @Get('calendar-feeds')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR', 'BILLING')
  @ApiOperation({ summary: "The calendar feeds this key made (an administrator: every feed); the addresses' secrets are not shown again" })
  @ApiAnswer(200, [CalendarFeedView])
  listFeeds(@CurrentActor() actor: Actor): Promise<CalendarFeedView[]> {
    return this.feeds.list(actor);
  }

  @Delete('calendar-feeds/:id')
  @HttpCode(204)
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR', 'BILLING')
  @ApiOperation({ summary: 'Revoke a calendar feed: its address stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(400, 404)
  async revokeFeed(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<void> {
    await this.feeds.revoke(actor, id);
  }
}

/** The feed itself: no API key (calendar clients send none), the secret in the address instead. */
@ApiTags('deadlines')
@Controller()
export class CalendarFeedFileController {
  constructor(
    private readonly board: DeadlineBoard,
    private readonly feeds: CalendarFeedsService,
    private readonly clock: Clock,
  ) {}

  @Get('calendar-feeds/:id/:file')
  @Public()
  @ApiOperation({ summary: 'The feed itself (the address POST /calendar-feeds gave): open deadlines from a year back, with reminders; no Authorization header' })
  @ApiResponse({ status: 200, description: 'The feed', content: CALENDAR_ANSWER })
  @ApiProblems({ status: 404, description: 'No such feed: a wrong secret, a revoked feed and a revoked key all answer the same' }, 429, 503)
  async readFeed(@Param('id') id: string, @Param('file') file: string, @Res() res: Response): Promise<void> {
    const m = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(file);
    if (!isUuid(id) || !m) throw DomainError.notFound('calendar feed', isUuid(id) ? id : 'address');
    const { actor, feed } = await this.feeds.open(id.toLowerCase(), m[1]);
    const asOf: DateOnly = this.clock.today();
    const f = feed.filters;
    const items = await this.board.list(actor, {
      asOf,
      from: addDays(asOf, -FEED_PAST_DAYS),
      to: addDays(asOf, FEED_AHEAD_DAYS),
      providerId: f.providerId ?? undefined,
      programs: f.program ? [f.program] : undefined,
      kinds: f.kinds ?? undefined,
      parties: f.parties ?? undefined,
      overdueOnly: false,
    });
    res.setHeader('Cache-Control', 'private, max-age=300');
    sendCalendar(res, feed.name, items, this.clock.now());
  }
}
