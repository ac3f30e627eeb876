/**
 * `GET /api/v1/audit-log` (administrators): who did what to which record, and who read which
 * recipient's record (action READ), newest first. The log holds ids and hashes, never the PHI itself.
 */
import { Controller, Get, Injectable, Module, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems, PageOf } from '../common/openapi';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { pageOf, PageQuery, type Page } from '../common/paging';
import { IsDateOnly } from '../common/validation';
import { addDays } from '../rules/dates';
import type { AuditAction } from './audit.service';

const AUDIT_ACTIONS: readonly AuditAction[] = [
  'CREATE',
  'UPDATE',
  'END_EMPLOYMENT',
  'ISSUE_KEY',
  'UPDATE_KEY',
  'REVOKE_KEY',
  'RECORD_ACCESS_REVIEW',
  'RECORD_EVENT',
  'COMMIT_CLAIM',
  'RECORD_USAGE',
  'CORRECT_USAGE',
  'VOID_USAGE',
  'LINK',
  'READ',
];

export class AuditLogQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'recipient', description: 'recipient, staff, provider, api_key, claim, external_usage, program_approval, ...' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  entity?: string;
  @ApiPropertyOptional({ description: "the record's id" }) @IsOptional() @IsString() @Length(1, 200) entityId?: string;
  @ApiPropertyOptional({ description: 'the API key that acted' }) @IsOptional() @IsUUID() actorKeyId?: string;
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS }) @IsOptional() @IsIn(AUDIT_ACTIONS) action?: AuditAction;
  @ApiPropertyOptional({ description: 'from this day (UTC), inclusive' }) @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ description: 'up to this day (UTC), inclusive' }) @IsOptional() @IsDateOnly() to?: string;
}

export class AuditLogRow {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String }) actorKeyId!: string | null;
  /** the key's name when it acted through a key ("system" otherwise) */
  @ApiProperty({ description: 'the key\'s name when it acted through a key ("system" otherwise)' }) actorName!: string;
  @ApiProperty() actorRole!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: string;
  @ApiProperty({ example: 'recipient' }) entity!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the record before' }) beforeHash!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the record after' }) afterHash!: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
}

@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async query(q: AuditLogQuery): Promise<Page<AuditLogRow>> {
    if (q.from && q.to && q.to < q.from) throw DomainError.field('/to', `must not be before from (${q.from})`);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.entity) add('a.entity = ?', q.entity);
    if (q.entityId) add('a.entity_id = ?', q.entityId.toLowerCase());
    if (q.actorKeyId) add('a.actor_key_id = ?', q.actorKeyId.toLowerCase());
    if (q.action) add('a.action = ?', q.action);
    if (q.from) add(`a.at >= (?::date)::timestamp AT TIME ZONE 'UTC'`, q.from);
    if (q.to) add(`a.at < (?::date)::timestamp AT TIME ZONE 'UTC'`, addDays(q.to, 1));
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM audit_log a ${filter}`, params);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT a.id::text AS id, a.at, a.actor_key_id, coalesce(k.name, 'system') AS actor_name, a.actor_role, a.action, a.entity, a.entity_id,
              a.before_hash, a.after_hash, a.request_id
         FROM audit_log a LEFT JOIN api_keys k ON k.id = a.actor_key_id
         ${filter}
        ORDER BY a.id DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return pageOf(
      rows.map((r) => ({
        id: r.id as string,
        at: (r.at as Date).toISOString(),
        actorKeyId: r.actor_key_id as string | null,
        actorName: r.actor_name as string,
        actorRole: r.actor_role as string,
        action: r.action as string,
        entity: r.entity as string,
        entityId: r.entity_id as string,
        beforeHash: r.before_hash as string | null,
        afterHash: r.after_hash as string | null,
        requestId: r.request_id as string | null,
      })),
      total,
      q,
    );
  }
}

@ApiTags('audit-log')
@ApiAuthenticated()
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly log: AuditLogService) {}

  @Get()
  @Roles('ADMIN')
  @ApiOperation({
    summary: 'The append-only audit log, newest first: every write, and every read of a recipient record (action READ)',
    description: 'e.g. ?entity=recipient&entityId=<id>&action=READ answers "who looked at this person"; ?actorKeyId=<key> "what did this key do".',
  })
  @ApiAnswer(200, PageOf(AuditLogRow))
  @ApiProblems(400)
  list(@Query() q: AuditLogQuery): Promise<Page<AuditLogRow>> {
    return this.log.query(q);
  }
}

@Module({ controllers: [AuditLogController], providers: [AuditLogService] })
export class AuditLogModule {}
