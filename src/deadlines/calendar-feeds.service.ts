/**
 * Calendar feeds: a secret URL a calendar client subscribes to without an Authorization header. The
 * feed acts with the role and provider scope of the API key that made it, read afresh at each fetch:
 * narrowing the key narrows the feed, and revoking the key (or the feed) stops it.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as crypto from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actorOfKey, assertProviderInScope, type Actor } from '../auth/actor';
import { hashSecret, newFeedToken } from '../auth/api-key.util';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { ApiKeyEntity, CalendarFeedEntity, ProviderEntity, StaffEntity, type CalendarFeedFilters } from '../database/entities';
import { keyWorksOn } from '../rules/access-review';
import type { CalendarFeedView, CreateCalendarFeedDto } from './deadlines.dto';

function view(f: CalendarFeedEntity): CalendarFeedView {
  return { id: f.id, name: f.name, filters: { ...f.filters }, createdAt: f.createdAt.toISOString(), revokedAt: f.revokedAt ? f.revokedAt.toISOString() : null };
}

/** The path of a feed's address under the API prefix. */
export const feedPath = (id: string, token: string) => `calendar-feeds/${id}/${token}.ics`;

@Injectable()
export class CalendarFeedsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Makes a feed; the token is returned once, inside the URL, and only its hash is kept. */
  async create(actor: Actor, dto: CreateCalendarFeedDto): Promise<{ feed: CalendarFeedView; token: string }> {
    if (!actor.keyId) throw DomainError.forbidden('a calendar feed is made with an API key');
    if (dto.providerId) {
      assertProviderInScope(actor, dto.providerId);
      if (!(await this.dataSource.manager.exists(ProviderEntity, { where: { id: dto.providerId } }))) throw DomainError.field('/providerId', `provider ${dto.providerId} is not registered`);
    }
    const token = newFeedToken();
    const filters: CalendarFeedFilters = { providerId: dto.providerId ?? null, program: dto.program ?? null, kinds: dto.kinds?.length ? dto.kinds : null, parties: dto.parties?.length ? dto.parties : null };
    return this.dataSource.transaction(async (em) => {
      const saved = await em.save(em.create(CalendarFeedEntity, { apiKeyId: actor.keyId!, name: dto.name ?? 'bhcheck deadlines', tokenHash: hashSecret(token), filters, revokedAt: null }));
      await this.audit.record(em, actor, 'CREATE', 'calendar_feed', saved.id, null, view(saved));
      return { feed: view(saved), token };
    });
  }

  /** The feeds the key made (an administrator sees every feed). */
  async list(actor: Actor): Promise<CalendarFeedView[]> {
    const where = actor.role === 'ADMIN' ? {} : { apiKeyId: actor.keyId ?? '00000000-0000-0000-0000-000000000000' };
    return (await this.dataSource.getRepository(CalendarFeedEntity).find({ where, order: { createdAt: 'ASC' } })).map(view);
  }

  /** Revokes a feed made by this key (or any feed, for an administrator); revoking twice is harmless. */
  async revoke(actor: Actor, id: string): Promise<CalendarFeedView> {
    return this.dataSource.transaction(async (em) => {
      const feed = await em.findOne(CalendarFeedEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!feed) throw DomainError.notFound('calendar feed', id);
      if (feed.apiKeyId !== actor.keyId && actor.role !== 'ADMIN') throw DomainError.forbidden('this calendar feed was made with another API key; only that key or an administrator may revoke it');
      if (feed.revokedAt) return view(feed);
      const before = view(feed);
      feed.revokedAt = new Date();
      const saved = await em.save(feed);
      await this.audit.record(em, actor, 'REVOKE_FEED', 'calendar_feed', id, before, view(saved));
      return view(saved);
    });
  }

  /**
   * Who a feed reads as, and what it shows, given the id and secret of its URL. A wrong secret, a
   * revoked feed or a revoked key answer the same NOT_FOUND, so an address reveals nothing.
   */
  async open(id: string, token: string): Promise<{ actor: Actor; feed: CalendarFeedEntity }> {
    const gone = DomainError.notFound('calendar feed', id);
    const feed = await this.dataSource.getRepository(CalendarFeedEntity).findOneBy({ id });
    if (!feed || feed.revokedAt) throw gone;
    const given = Buffer.from(hashSecret(token), 'hex');
    const kept = Buffer.from(feed.tokenHash, 'hex');
    if (given.length !== kept.length || !crypto.timingSafeEqual(given, kept)) throw gone;
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ id: feed.apiKeyId });
    if (!key || key.revokedAt) throw gone;
    // a key whose holder has left stops working the day after, and so do the feeds it made
    const holder = key.holderStaffId ? await this.dataSource.getRepository(StaffEntity).findOneBy({ id: key.holderStaffId }) : null;
    if (!keyWorksOn(holder?.endDate ?? null, this.clock.today())) throw gone;
    return { actor: actorOfKey(key), feed };
  }
}
