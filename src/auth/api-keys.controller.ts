import { Body, Controller, Get, HttpCode, Injectable, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, OmitType, PartialType } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems } from '../common/openapi';
import { InjectDataSource } from '@nestjs/typeorm';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { DataSource, In, QueryFailedError, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { rejectNulls, UuidParam } from '../common/validation';
import { ApiKeyEntity, ProviderEntity, StaffEntity } from '../database/entities';
import { keyWorksOn } from '../rules/access-review';
import { today } from '../rules/dates';
import { ROLES, type Role } from '../rules/vocabulary';
import type { Actor } from './actor';
import { ApiKeyGuard } from './api-key.guard';
import { hashApiKey, newApiKey } from './api-key.util';
import { CurrentActor, Roles } from './auth.decorators';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Prairie billing office' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiPropertyOptional({ type: [String], description: 'providers the key may see' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  providerIds?: string[];
  @ApiPropertyOptional({ description: 'every provider (reviewers, administrators)' }) @IsOptional() @IsBoolean() allProviders?: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'the staff member who holds the key: it stops working the day after their employment ends',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  holderStaffId?: string | null;
}

/** What an administrator may change on a key (its role and secret stay: issue another key for those). */
export class UpdateApiKeyDto extends PartialType(OmitType(CreateApiKeyDto, ['role'] as const)) {}

export class ApiKeyView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ example: 'bhk_demo', description: 'the first 8 characters of the key, to tell keys apart' }) keyPrefix!: string;
  @ApiProperty({ type: [String] }) providerIds!: string[];
  @ApiProperty() allProviders!: boolean;
  @ApiProperty({ nullable: true, type: String }) holderStaffId!: string | null;
  @ApiProperty() createdAt!: string;
  /** the last day (UTC) the key was used; null: never */
  @ApiProperty({ nullable: true, type: String, description: 'the last day (UTC) the key was used; null: never' }) lastUsedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

export class IssuedApiKeyView extends ApiKeyView {
  @ApiProperty({ example: 'bhk_2b7c9e...', description: 'the key itself: shown this once, only its hash is kept' }) key!: string;
}

const view = (k: ApiKeyEntity): ApiKeyView => ({
  id: k.id,
  name: k.name,
  role: k.role,
  keyPrefix: k.keyPrefix,
  providerIds: k.providerIds,
  allProviders: k.allProviders,
  holderStaffId: k.holderStaffId,
  createdAt: k.createdAt.toISOString(),
  lastUsedOn: k.lastUsedOn,
  revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
});

/** What the audit log hashes for a key: its view without the day of last use, which changes outside audited writes. */
const audited = (k: ApiKeyEntity) => {
  const { lastUsedOn: _l, ...rest } = view(k);
  return rest;
};

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly guard: ApiKeyGuard,
  ) {}

  /** Issues a key; the key itself is returned once and only its hash is kept. */
  async issue(actor: Actor, dto: CreateApiKeyDto, key = newApiKey()): Promise<ApiKeyView & { key: string }> {
    const providerIds = (dto.providerIds ?? []).map((p) => p.toLowerCase());
    const allProviders = dto.role === 'ADMIN' ? true : (dto.allProviders ?? false);
    assertScopeNamed(dto.role, providerIds, allProviders);
    return this.dataSource.transaction(async (em) => {
      await assertProvidersExist(em, providerIds);
      const holderStaffId = dto.holderStaffId ? await assertHolder(em, dto.holderStaffId) : null;
      const saved = await em.save(
        em.create(ApiKeyEntity, {
          name: dto.name,
          role: dto.role,
          keyHash: hashApiKey(key),
          keyPrefix: key.slice(0, 8),
          providerIds,
          allProviders,
          holderStaffId,
          lastUsedOn: null,
          revokedAt: null,
        }),
      );
      await this.audit.record(em, actor, 'ISSUE_KEY', 'api_key', saved.id, null, audited(saved));
      return { ...view(saved), key };
    });
  }

  /** Corrects a key's name, holder or providers (a holder who changed position), audited. */
  async update(actor: Actor, id: string, dto: UpdateApiKeyDto): Promise<ApiKeyView> {
    rejectNulls(dto, ['name', 'providerIds', 'allProviders']);
    const updated = await this.dataSource.transaction(async (em) => {
      const k = await em.findOne(ApiKeyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!k) throw DomainError.notFound('API key', id);
      if (k.revokedAt) throw DomainError.conflict(`API key ${id} was revoked; issue a new key instead`);
      const before = audited(k);
      if (dto.name !== undefined) k.name = dto.name;
      if (dto.providerIds !== undefined) k.providerIds = dto.providerIds.map((p) => p.toLowerCase());
      if (dto.allProviders !== undefined && k.role !== 'ADMIN') k.allProviders = dto.allProviders;
      assertScopeNamed(k.role, k.providerIds, k.allProviders);
      await assertProvidersExist(em, k.providerIds);
      if (dto.holderStaffId !== undefined) k.holderStaffId = dto.holderStaffId ? await assertHolder(em, dto.holderStaffId) : null;
      const saved = await em.save(k);
      await this.audit.record(em, actor, 'UPDATE_KEY', 'api_key', id, before, audited(saved));
      return view(saved);
    });
    // only once committed: the guard must see the new providers and holder
    this.guard.invalidate();
    return updated;
  }

  async list(): Promise<ApiKeyView[]> {
    return (await this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'ASC' } })).map(view);
  }

  async revoke(actor: Actor, id: string): Promise<ApiKeyView> {
    const revoked = await this.dataSource.transaction(async (em) => {
      const k = await em.findOne(ApiKeyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!k) throw DomainError.notFound('API key', id);
      if (k.id === actor.keyId) throw DomainError.conflict('a key cannot revoke itself');
      const before = audited(k);
      k.revokedAt = k.revokedAt ?? new Date();
      const saved = await em.save(k);
      await this.audit.record(em, actor, 'REVOKE_KEY', 'api_key', id, before, audited(saved));
      return view(saved);
    });
    // only once committed: a request in between would cache the key as still valid
    this.guard.invalidate();
    return revoked;
  }

  /** BHCHECK_ADMIN_KEY: make sure an ADMIN key with that value exists. */
  async ensureKey(actor: Actor, key: string, dto: CreateApiKeyDto): Promise<boolean> {
    const exists = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ keyHash: hashApiKey(key) });
    if (exists && !exists.revokedAt) return false;
    if (exists) throw new Error(`the key given for "${dto.name}" was revoked; choose another`);
    try {
      await this.issue(actor, dto, key);
    } catch (e) {
      // several service processes starting together on one database: another one issued it first
      const raced = e instanceof QueryFailedError && (e as QueryFailedError & { driverError?: { code?: string } }).driverError?.code === '23505';
      if (raced && (await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ keyHash: hashApiKey(key) }))?.revokedAt === null) return false;
      throw e;
    }
    return true;
  }
}

function assertScopeNamed(role: Role, providerIds: readonly string[], allProviders: boolean): void {
  if (!allProviders && providerIds.length === 0 && role !== 'ADMIN') throw DomainError.field('/providerIds', 'name the providers this key may see, or set allProviders');
}

async function assertProvidersExist(em: EntityManager, providerIds: readonly string[]): Promise<void> {
  if (!providerIds.length) return;
  const found = new Set((await em.find(ProviderEntity, { where: { id: In([...providerIds]) }, select: { id: true } })).map((p) => p.id));
  const missing = providerIds.map((id, i) => ({ id, i })).filter(({ id }) => !found.has(id));
  if (missing.length) throw DomainError.invalid(missing.map(({ id, i }) => ({ path: `/providerIds/${i}`, message: `provider ${id} is not registered` })));
}

/** A holder is registered staff still employed (or not yet past their end date) today. */
async function assertHolder(em: EntityManager, staffId: string): Promise<string> {
  const id = staffId.toLowerCase();
  const staff = await em.findOne(StaffEntity, { where: { id }, select: { id: true, endDate: true } });
  if (!staff) throw DomainError.field('/holderStaffId', `staff member ${id} is not registered`);
  if (!keyWorksOn(staff.endDate, today())) throw DomainError.field('/holderStaffId', `the employment of staff member ${id} ended on ${staff.endDate}`);
  return id;
}

@ApiTags('api-keys')
@ApiAuthenticated()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Issue an API key with a role and the providers it may see (the key is shown once)' })
  @ApiAnswer(201, IssuedApiKeyView)
  @ApiProblems(400, 413)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<ApiKeyView & { key: string }> {
    return this.keys.issue(actor, dto);
  }

  @Get()
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Every API key, revoked ones too (never the keys themselves)' })
  @ApiAnswer(200, [ApiKeyView])
  list(): Promise<ApiKeyView[]> {
    return this.keys.list();
  }

  @Patch(':id')
  @Roles('ADMIN')
  @ApiOperation({ summary: "Correct a key's name, holder or providers (audited); its role and secret stay" })
  @ApiAnswer(200, ApiKeyView)
  @ApiProblems(400, 404, 413, { status: 409, description: 'The key was revoked: issue a new one instead' })
  update(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: UpdateApiKeyDto): Promise<ApiKeyView> {
    return this.keys.update(actor, id, dto);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Revoke a key: it stops working, with its web sessions and calendar feeds (on other service processes within 5 seconds)' })
  @ApiAnswer(200, ApiKeyView)
  @ApiProblems(400, 404, { status: 409, description: 'A key cannot revoke itself' })
  revoke(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<ApiKeyView> {
    return this.keys.revoke(actor, id);
  }
}
