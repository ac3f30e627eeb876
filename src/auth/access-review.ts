/**
 * The annual access review (IDHS HRFCM Policy and Procedure Manual 1.9.1 D, 1.9.8): administrators list
 * every active key with its holder, role, providers and dates, flagged where action is likely needed,
 * record the review once done (who, when, what was changed; audited), and see the next one among the
 * deadlines, 12 months on.
 */
import { Body, Controller, Get, Injectable, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems } from '../common/openapi';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, Length, ValidateIf, ValidateNested } from 'class-validator';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { IsDateOnly, parseDateQuery } from '../common/validation';
import { AccessReviewEntity, ApiKeyEntity, ProviderEntity, StaffEntity } from '../database/entities';
import { DeadlineSourceProvider, type DeadlineEntry, type DeadlineQuery, type DeadlineSource } from '../deadlines/deadline-source';
import { ACCESS_FLAGS, ACCESS_REVIEW_RULE, accessFlags, daysSinceUse, employedOn, nextAccessReviewDue, type AccessFlag } from '../rules/access-review';
import { today, type DateOnly } from '../rules/dates';
import { ROLES, type Role } from '../rules/vocabulary';
import type { Actor } from './actor';
import { CurrentActor, Roles } from './auth.decorators';

export class AccessChangeDto {
  @ApiProperty() @IsUUID() keyId!: string;
  @ApiProperty({ example: 'revoked: left the program on 2026-10-31' }) @IsString() @Length(1, 500) change!: string;
}

export class AccessReviewDto {
  @ApiPropertyOptional({ description: 'the day the review was completed; default today (not in the future)' }) @IsOptional() @IsDateOnly() reviewedOn?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(0, 2000) note?: string | null;
  @ApiPropertyOptional({ type: [AccessChangeDto], description: 'what was changed, key by key' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => AccessChangeDto)
  changes?: AccessChangeDto[];
}

export class NamedProviderView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class KeyHolderView {
  @ApiProperty() staffId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() providerName!: string;
  @ApiProperty() hireDate!: DateOnly;
  @ApiProperty({ nullable: true, type: String }) endDate!: DateOnly | null;
  @ApiProperty({ description: 'employed on asOf' }) employed!: boolean;
}

export class KeyReviewItem {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() keyPrefix!: string;
  @ApiProperty({ type: [NamedProviderView] }) providers!: NamedProviderView[];
  @ApiProperty() allProviders!: boolean;
  @ApiProperty({ type: KeyHolderView, nullable: true }) holder!: KeyHolderView | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) lastUsedOn!: DateOnly | null;
  /** days since the last use (or since it was issued, if never used) */
  @ApiProperty({ description: 'days since the last use (or since it was issued, if never used)' }) daysSinceUse!: number;
  @ApiProperty({ enum: ACCESS_FLAGS, isArray: true }) flags!: AccessFlag[];
}

export class AccessReviewSummary {
  @ApiProperty() id!: string;
  @ApiProperty() reviewedOn!: DateOnly;
  @ApiProperty({ nullable: true, type: String }) reviewedByKeyId!: string | null;
  @ApiProperty() reviewedByName!: string;
  @ApiProperty() recordedAt!: string;
}

export class AccessReviewList {
  @ApiProperty() asOf!: DateOnly;
  @ApiProperty() citation!: string;
  @ApiProperty() activeKeys!: number;
  @ApiProperty() flaggedKeys!: number;
  @ApiProperty({ type: [KeyReviewItem] }) keys!: KeyReviewItem[];
  @ApiProperty({ type: AccessReviewSummary, nullable: true }) lastReview!: AccessReviewSummary | null;
  @ApiProperty({ nullable: true, type: String }) nextReviewDue!: DateOnly | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: [AccessReviewSummary], description: 'every review recorded, newest first' }) reviews!: AccessReviewSummary[];
}

export class KeyChangeView {
  @ApiProperty() at!: string;
  @ApiProperty({ example: 'REVOKE_KEY' }) action!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty() keyName!: string;
}

export class KeyReviewedView {
  @ApiProperty() keyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) flags!: string[];
}

export class AccessReviewRecord extends AccessReviewSummary {
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ type: [AccessChangeDto] }) changes!: AccessChangeDto[];
  @ApiProperty({ type: [KeyChangeView], description: 'keys issued, changed or revoked since the previous review' }) keyChanges!: KeyChangeView[];
  @ApiProperty({ type: [KeyReviewedView], description: 'the keys and their flags at the time' }) keysReviewed!: KeyReviewedView[];
  @ApiProperty() nextReviewDue!: DateOnly;
}

/** Also a deadline source: the next access review is on the deadline board, its CSV and the calendar feeds. */
@Injectable()
@DeadlineSourceProvider()
export class AccessReviewService implements DeadlineSource {
  readonly name = 'ACCESS_REVIEW';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(asOf: DateOnly): Promise<AccessReviewList> {
    const em = this.dataSource.manager;
    const keys = await this.keyItems(em, asOf);
    const reviews = await this.reviews(em);
    const last = reviews.find((r) => r.reviewedOn <= asOf) ?? null;
    const due = nextAccessReviewDue(last?.reviewedOn ?? null, await this.firstKeyIssuedOn(em, asOf));
    return {
      asOf,
      citation: ACCESS_REVIEW_RULE.citation,
      activeKeys: keys.length,
      flaggedKeys: keys.filter((k) => k.flags.length).length,
      keys,
      lastReview: last,
      nextReviewDue: due,
      overdue: due !== null && due < asOf,
      reviews,
    };
  }

  async record(actor: Actor, dto: AccessReviewDto): Promise<AccessReviewRecord> {
    const now = today();
    const reviewedOn = dto.reviewedOn ?? now;
    if (reviewedOn > now) throw DomainError.field('/reviewedOn', `must not be after today (${now})`);
    return this.dataSource.transaction(async (em) => {
      // one review at a time: each lists the key changes since the one before
      await em.query('SELECT pg_advisory_xact_lock(7262006, 0)');
      const previous = await em.findOne(AccessReviewEntity, { where: {}, order: { recordedAt: 'DESC' } });
      if (previous && reviewedOn < previous.reviewedOn) throw DomainError.field('/reviewedOn', `must not be before the last review (${previous.reviewedOn})`);
      const changes = (dto.changes ?? []).map((c) => ({ keyId: c.keyId.toLowerCase(), change: c.change }));
      const known = new Set((await em.find(ApiKeyEntity, { where: { id: In(changes.map((c) => c.keyId)) }, select: { id: true } })).map((k) => k.id));
      const unknown = changes.map((c, i) => ({ c, i })).filter(({ c }) => !known.has(c.keyId));
      if (unknown.length) throw DomainError.invalid(unknown.map(({ c, i }) => ({ path: `/changes/${i}/keyId`, message: `API key ${c.keyId} is not registered` })));
      const keyChanges: { at: Date; action: string; key_id: string; key_name: string }[] = await em.query(
        `SELECT a.at, a.action, a.entity_id AS key_id, coalesce(k.name, '') AS key_name
           FROM audit_log a LEFT JOIN api_keys k ON k.id::text = a.entity_id
          WHERE a.entity = 'api_key' AND a.action IN ('ISSUE_KEY', 'UPDATE_KEY', 'REVOKE_KEY') AND ($1::timestamptz IS NULL OR a.at > $1)
          ORDER BY a.id`,
        [previous?.recordedAt ?? null],
      );
      const keysReviewed = (await this.keyItems(em, reviewedOn)).map((k) => ({ keyId: k.id, name: k.name, flags: k.flags }));
      const saved = await em.save(
        em.create(AccessReviewEntity, {
          reviewedOn,
          reviewedByKeyId: actor.keyId,
          note: dto.note ?? null,
          changes,
          keyChanges: keyChanges.map((c) => ({ at: c.at.toISOString(), action: c.action, keyId: c.key_id, keyName: c.key_name })),
          keysReviewed,
        }),
      );
      const record: AccessReviewRecord = {
        id: saved.id,
        reviewedOn: saved.reviewedOn,
        reviewedByKeyId: saved.reviewedByKeyId,
        reviewedByName: actor.name,
        recordedAt: saved.recordedAt.toISOString(),
        note: saved.note,
        changes: saved.changes,
        keyChanges: saved.keyChanges,
        keysReviewed: saved.keysReviewed,
        nextReviewDue: nextAccessReviewDue(saved.reviewedOn, null)!,
      };
      await this.audit.record(em, actor, 'RECORD_ACCESS_REVIEW', 'access_review', saved.id, null, record);
      return record;
    });
  }

  /** The next review among the deadlines: for administrators (it concerns every key), not per provider. */
  async openDeadlines(actor: Actor, q: DeadlineQuery): Promise<DeadlineEntry[]> {
    if (actor.role !== 'ADMIN' || q.providerId) return [];
    const em = this.dataSource.manager;
    const last = (await this.reviews(em)).find((r) => r.reviewedOn <= q.asOf) ?? null;
    const dueOn = nextAccessReviewDue(last?.reviewedOn ?? null, await this.firstKeyIssuedOn(em, q.asOf));
    if (dueOn === null) return [];
    return [
      {
        // stable while this review is due: a calendar keeps one event, moved when a review is recorded
        id: `ACCESS_REVIEW_DUE:${last?.reviewedOn ?? 'first'}`,
        source: this.name,
        programApprovalId: null,
        providerId: null,
        providerName: null,
        program: null,
        kind: 'ACCESS_REVIEW_DUE',
        dueOn,
        citation: ACCESS_REVIEW_RULE.citation,
        description: `Review every active API key: revoke those of people no longer working in the program, correct the providers of people who changed positions, and record the review (POST /api/v1/api-keys/access-review). ${
          last ? `The last review was on ${last.reviewedOn}` : 'No review is recorded yet; the first key was issued 12 months before'
        }.`,
        party: 'ADMINISTRATOR',
        overdue: dueOn < q.asOf,
        openedOn: last?.reviewedOn ?? null,
      },
    ];
  }

  private async keyItems(em: EntityManager, asOf: DateOnly): Promise<KeyReviewItem[]> {
    const keys = await em.find(ApiKeyEntity, { where: { revokedAt: IsNull() }, order: { createdAt: 'ASC' } });
    const holders = new Map(
      (await em.find(StaffEntity, { where: { id: In(keys.map((k) => k.holderStaffId).filter((x): x is string => !!x)) } })).map((s) => [s.id, s]),
    );
    const providerIds = [...new Set([...keys.flatMap((k) => k.providerIds), ...[...holders.values()].map((s) => s.providerId)])];
    const providerNames = new Map((await em.find(ProviderEntity, { where: { id: In(providerIds) }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
    return keys
      .filter((k) => k.createdAt.toISOString().slice(0, 10) <= asOf)
      .map((k) => {
        const h = k.holderStaffId ? holders.get(k.holderStaffId) : undefined;
        const holder = h
          ? { staffId: h.id, name: h.name, providerId: h.providerId, providerName: providerNames.get(h.providerId) ?? '', hireDate: h.hireDate, endDate: h.endDate, employed: employedOn(h, asOf) }
          : null;
        const createdOn = k.createdAt.toISOString().slice(0, 10);
        return {
          id: k.id,
          name: k.name,
          role: k.role,
          keyPrefix: k.keyPrefix,
          providers: k.providerIds.map((id) => ({ id, name: providerNames.get(id) ?? '' })),
          allProviders: k.allProviders || k.role === 'ADMIN',
          holder,
          createdAt: k.createdAt.toISOString(),
          lastUsedOn: k.lastUsedOn,
          daysSinceUse: daysSinceUse({ createdOn, lastUsedOn: k.lastUsedOn }, asOf),
          flags: accessFlags({ createdOn, lastUsedOn: k.lastUsedOn, role: k.role, providerIds: k.providerIds, allProviders: k.allProviders, holder: h ?? null }, asOf),
        };
      });
  }

  private async reviews(em: EntityManager): Promise<AccessReviewSummary[]> {
    const rows: { id: string; reviewed_on: string; reviewed_by_key_id: string | null; name: string | null; recorded_at: Date }[] = await em.query(
      `SELECT r.id, r.reviewed_on, r.reviewed_by_key_id, k.name, r.recorded_at
         FROM access_reviews r LEFT JOIN api_keys k ON k.id = r.reviewed_by_key_id
        ORDER BY r.reviewed_on DESC, r.recorded_at DESC`,
    );
    return rows.map((r) => ({ id: r.id, reviewedOn: r.reviewed_on, reviewedByKeyId: r.reviewed_by_key_id, reviewedByName: r.name ?? 'system', recordedAt: r.recorded_at.toISOString() }));
  }

  /** The day the first key still on record was issued (on or before `asOf`). */
  private async firstKeyIssuedOn(em: EntityManager, asOf: DateOnly): Promise<DateOnly | null> {
    const [row] = await em.query(`SELECT min((created_at AT TIME ZONE 'UTC')::date)::text AS d FROM api_keys WHERE (created_at AT TIME ZONE 'UTC')::date <= $1::date`, [asOf]);
    return (row?.d as string | null) ?? null;
  }
}

@ApiTags('api-keys')
@ApiAuthenticated()
@ApiProblems(400)
@Controller('api-keys/access-review')
export class AccessReviewController {
  constructor(private readonly reviews: AccessReviewService) {}

  @Get()
  @Roles('ADMIN')
  @ApiOperation({
    summary: 'Every active API key with its holder, role, providers, created and last-used dates, flagged for the annual access review',
    description: `Flags: UNUSED_90_DAYS, HOLDER_NOT_EMPLOYED (the key stopped working the day after the end date), HOLDER_AT_OTHER_PROVIDER. ${ACCESS_REVIEW_RULE.citation}.`,
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'default today' })
  @ApiAnswer(200, AccessReviewList)
  list(@Query('asOf') asOf?: string): Promise<AccessReviewList> {
    return this.reviews.list(parseDateQuery('asOf', asOf, today()));
  }

  @Post()
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Record a completed access review (who, when, what was changed); the next one is due 12 months later, among the deadlines' })
  @ApiAnswer(201, AccessReviewRecord)
  @ApiProblems(413)
  record(@CurrentActor() actor: Actor, @Body() dto: AccessReviewDto): Promise<AccessReviewRecord> {
    return this.reviews.record(actor, dto);
  }
}
