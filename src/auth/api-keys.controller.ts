import { Body, Controller, Get, HttpCode, Injectable, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { UuidParam } from '../common/validation';
import { ApiKeyEntity, ProviderEntity } from '../database/entities';
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
}

export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  keyPrefix: string;
  providerIds: string[];
  allProviders: boolean;
  createdAt: string;
  revokedAt: string | null;
}

const view = (k: ApiKeyEntity): ApiKeyView => ({
  id: k.id,
  name: k.name,
  role: k.role,
  keyPrefix: k.keyPrefix,
  providerIds: k.providerIds,
  allProviders: k.allProviders,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
});

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly guard: ApiKeyGuard,
  ) {}

  /** Issues a key; the key itself is returned once and only its hash is kept. */
  async issue(actor: Actor, dto: CreateApiKeyDto, key = newApiKey()): Promise<ApiKeyView & { key: string }> {
    const providerIds = dto.providerIds ?? [];
    if (!dto.allProviders && providerIds.length === 0 && dto.role !== 'ADMIN') {
      throw DomainError.field('/providerIds', 'name the providers this key may see, or set allProviders');
    }
    return this.dataSource.transaction(async (em) => {
      if (providerIds.length) {
        const found = new Set((await em.find(ProviderEntity, { where: { id: In(providerIds) }, select: { id: true } })).map((p) => p.id));
        const missing = providerIds.map((id, i) => ({ id, i })).filter(({ id }) => !found.has(id));
        if (missing.length) throw DomainError.invalid(missing.map(({ id, i }) => ({ path: `/providerIds/${i}`, message: `provider ${id} is not registered` })));
      }
      const saved = await em.save(
        em.create(ApiKeyEntity, {
          name: dto.name,
          role: dto.role,
          keyHash: hashApiKey(key),
          keyPrefix: key.slice(0, 8),
          providerIds,
          allProviders: dto.role === 'ADMIN' ? true : (dto.allProviders ?? false),
          revokedAt: null,
        }),
      );
      await this.audit.record(em, actor, 'ISSUE_KEY', 'api_key', saved.id, null, view(saved));
      return { ...view(saved), key };
    });
  }

  async list(): Promise<ApiKeyView[]> {
    return (await this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'ASC' } })).map(view);
  }

  async revoke(actor: Actor, id: string): Promise<ApiKeyView> {
    const revoked = await this.dataSource.transaction(async (em) => {
      const k = await em.findOne(ApiKeyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!k) throw DomainError.notFound('API key', id);
      if (k.id === actor.keyId) throw DomainError.conflict('a key cannot revoke itself');
      const before = view(k);
      k.revokedAt = k.revokedAt ?? new Date();
      const saved = await em.save(k);
      await this.audit.record(em, actor, 'REVOKE_KEY', 'api_key', id, before, view(saved));
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
    await this.issue(actor, dto, key);
    return true;
  }
}

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Roles('ADMIN')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<ApiKeyView & { key: string }> {
    return this.keys.issue(actor, dto);
  }

  @Get()
  @Roles('ADMIN')
  list(): Promise<ApiKeyView[]> {
    return this.keys.list();
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Roles('ADMIN')
  revoke(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<ApiKeyView> {
    return this.keys.revoke(actor, id);
  }
}
