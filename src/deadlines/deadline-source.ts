/**
 * The seam through which any feature puts its deadlines on the board (`GET /api/v1/deadlines`, its
 * CSV, and the calendar feeds). To contribute, a module provides a class that implements
 * DeadlineSource and carries the @DeadlineSourceProvider() decorator; the DeadlineBoard finds every
 * such provider at start-up (Nest discovery), so nothing else needs registering or importing:
 *
 *   @Injectable()
 *   @DeadlineSourceProvider()
 *   export class AccessReviewDeadlines implements DeadlineSource {
 *     readonly name = 'ACCESS_REVIEW';
 *     async openDeadlines(actor, q) { return [...]; }   // the open deadlines in the actor's scope
 *   }
 *
 * A source returns the deadlines open on q.asOf for the providers the actor may see; it may use the
 * other filters to read less, and the board applies them all again, sorts and merges.
 */
import { DiscoveryService } from '@nestjs/core';
import type { Actor } from '../auth/actor';
import type { DateOnly } from '../rules/dates';

export interface DeadlineEntry {
  /** unique across sources and stable while the deadline lasts (calendar UIDs are built from it) */
  id: string;
  /** the source that contributed it (its `name`) */
  source: string;
  /** null: a deadline of no one provider (the annual access review of every API key) */
  providerId: string | null;
  providerName: string | null;
  /** the Table N program, or null for a deadline that is not a program's */
  program: string | null;
  kind: string;
  dueOn: DateOnly;
  citation: string;
  description: string;
  /** who must act: DEPARTMENT, PROVIDER, BBH, BAH, or a party of another source */
  party: string;
  /** open and past its due day on asOf */
  overdue: boolean;
  /** the day it arose, when known */
  openedOn: DateOnly | null;
  /** Table N deadlines: the program approval record; null for other sources */
  programApprovalId: string | null;
}

export interface DeadlineQuery {
  /** the day the deadlines are open on */
  asOf: DateOnly;
  /** due on or after */
  from: DateOnly;
  /** due on or before */
  to: DateOnly;
  providerId?: string;
  programs?: string[];
  kinds?: string[];
  parties?: string[];
  overdueOnly: boolean;
}

export interface DeadlineSource {
  /** short and stable, e.g. TABLE_N */
  readonly name: string;
  openDeadlines(actor: Actor, query: DeadlineQuery): Promise<DeadlineEntry[]>;
}

/** Marks a provider as a DeadlineSource for the board to collect. */
export const DeadlineSourceProvider = DiscoveryService.createDecorator<void>();
