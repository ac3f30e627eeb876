/**
 * The deadline board: every DeadlineSource's open deadlines, filtered and sorted, soonest first. The
 * JSON list, the CSV and the calendar feeds all read it.
 */
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Actor } from '../auth/actor';
import { DeadlineSourceProvider, type DeadlineEntry, type DeadlineQuery, type DeadlineSource } from './deadline-source';

/** Whether an entry passes the query's filters (sources may have pre-filtered; this is the rule). */
export function matches(e: DeadlineEntry, q: DeadlineQuery): boolean {
  if (e.dueOn < q.from || e.dueOn > q.to) return false;
  if (q.providerId && e.providerId !== q.providerId) return false;
  if (q.programs?.length && (e.program === null || !q.programs.includes(e.program))) return false;
  if (q.kinds?.length && !q.kinds.includes(e.kind)) return false;
  if (q.parties?.length && !q.parties.includes(e.party)) return false;
  return !q.overdueOnly || e.overdue;
}

export function soonestFirst(a: DeadlineEntry, b: DeadlineEntry): number {
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  return a.kind.localeCompare(b.kind) || (a.providerName ?? '').localeCompare(b.providerName ?? '') || a.id.localeCompare(b.id);
}

@Injectable()
export class DeadlineBoard implements OnApplicationBootstrap {
  private sources: DeadlineSource[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.sources = this.discovery
      .getProviders({ metadataKey: DeadlineSourceProvider.KEY })
      .map((w) => w.instance as DeadlineSource)
      .filter((s) => s && typeof s.openDeadlines === 'function');
  }

  /** the names of the sources collected (for the docs and the tests) */
  sourceNames(): string[] {
    return this.sources.map((s) => s.name);
  }

  async list(actor: Actor, q: DeadlineQuery): Promise<DeadlineEntry[]> {
    const all = await Promise.all(this.sources.map((s) => s.openDeadlines(actor, q)));
    return all
      .flat()
      .filter((e) => matches(e, q))
      .sort(soonestFirst);
  }
}
