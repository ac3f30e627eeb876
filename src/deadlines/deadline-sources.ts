/**
 * Deadlines that are not Table N's (the Table N engine computes its own): a feature registers a source,
 * and `GET /api/v1/deadlines` lists what every source gives beside the Table N deadlines, in the same
 * shape (program fields null).
 */
import { Global, Injectable, Module } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import type { OpenDeadline } from '../program-approvals/program-approvals.service';
import type { DateOnly } from '../rules/dates';

export interface DeadlineQuery {
  from: DateOnly;
  to: DateOnly;
  providerId?: string;
  overdueOnly: boolean;
  asOf: DateOnly;
}

/** A deadline beside the Table N ones: the same fields, those of a program approval null. */
export type OtherDeadline = Omit<OpenDeadline, 'programApprovalId' | 'providerId' | 'program' | 'party'> & {
  programApprovalId: null;
  providerId: null;
  program: null;
  /** who must act (Table N's are DEPARTMENT, PROVIDER, BBH or BAH) */
  party: string;
};

export interface DeadlineSource {
  /** the deadlines this key may see, open on q.asOf and due between q.from and q.to */
  deadlines(actor: Actor, q: DeadlineQuery): Promise<OtherDeadline[]>;
}

@Injectable()
export class DeadlineSources {
  private readonly sources: DeadlineSource[] = [];

  register(source: DeadlineSource): void {
    this.sources.push(source);
  }

  async deadlines(actor: Actor, q: DeadlineQuery): Promise<OtherDeadline[]> {
    const out: OtherDeadline[] = [];
    for (const s of this.sources) out.push(...(await s.deadlines(actor, q)));
    return out;
  }
}

@Global()
@Module({ providers: [DeadlineSources], exports: [DeadlineSources] })
export class DeadlinesModule {}
