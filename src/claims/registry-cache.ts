/**
 * Registry answers shared between check sessions, per key scope, while the registry does not change.
 * Every statement that writes a table the checks read bumps the one-row counter `registry_version` in
 * its own transaction (migration RegistryVersion): a session reads the counter once when it opens (one
 * query), and when it has moved since the answers were read they are dropped. The counter lives in the
 * database, so a write through another service process, the CLI or plain SQL is seen the same way.
 *
 * Why this is safe: the counter is read before any registry query of the session, so every answer a
 * cache tagged N holds was read at N or later; a write commits its bump with its rows, so a session
 * that opens after the write reads a counter above N and never sees that cache. The answers are kept
 * per scope (a key sees only its providers' recipients and staff), never across scopes.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { LoaderCache, scopeKeyOf } from './claim-context.loader';

/** Past this many answers a scope's cache starts afresh (a large file would otherwise keep its registry forever). */
const MAX_ANSWERS = 200_000;
/** Past this many scopes (keys acting for different providers) every cache starts afresh. */
const MAX_SCOPES = 256;

@Injectable()
export class RegistryCache {
  private version = -1;
  private readonly byScope = new Map<string, LoaderCache>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The registry answers for a scope, as the registry stands now (cached ones while it has not changed). */
  async take(scope: readonly string[] | null, em: EntityManager = this.dataSource.manager): Promise<LoaderCache> {
    const [row]: { version: string }[] = await em.query('SELECT version FROM registry_version');
    const version = Number(row.version);
    if (version < this.version) return new LoaderCache(); // a read that lost a race with a newer one: its own answers
    if (version > this.version) {
      this.byScope.clear();
      this.version = version;
    }
    const key = scopeKeyOf(scope);
    let cache = this.byScope.get(key);
    if (!cache || cache.size > MAX_ANSWERS) {
      if (!cache && this.byScope.size >= MAX_SCOPES) this.byScope.clear();
      cache = new LoaderCache();
      this.byScope.set(key, cache);
    }
    return cache;
  }
}
