/**
 * Readiness of a team program (a Table N approval's CST, IO or PSR, or a provider's ACT team): the
 * recorded roster with each member's credential on the day, the census and the documented practices,
 * handed to the rules. Also the checks shared by the places that record a roster or documentation.
 */
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { providerScope, type Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { StaffEntity, type Census, type ReadinessEvidenceRecord, type StaffingMember } from '../database/entities';
import { evaluateCredential } from '../rules/credentials';
import type { DateOnly } from '../rules/dates';
import { evaluateReadiness, evidenceProblem, type ReadinessMember, type ReadinessProgram, type ReadinessResult } from '../rules/program-approval';
import type { ProviderType } from '../rules/vocabulary';
import { staffInScope, StaffService } from '../staff/staff.service';
import type { ReadinessEvidenceDto, StaffingDto } from './program-approval.dto';

export interface TeamRecord {
  staffing: StaffingMember[] | null;
  census: Census | null;
  evidence: ReadinessEvidenceRecord[];
}

@Injectable()
export class ReadinessService {
  constructor(private readonly staff: StaffService) {}

  /** Every member is registered staff of the program's provider. */
  async checkStaffing(em: EntityManager, providerId: string, dto: StaffingDto): Promise<void> {
    if (!dto.members?.length) return;
    const staff = await em.find(StaffEntity, { where: { id: In(dto.members.map((m) => m.staffId)) }, select: { id: true, providerId: true } });
    const byId = new Map(staff.map((s) => [s.id, s]));
    const errors = dto.members.flatMap((m, i) => {
      const s = byId.get(m.staffId);
      if (!s) return [{ path: `/members/${i}/staffId`, message: `staff member ${m.staffId} is not registered` }];
      if (s.providerId !== providerId) return [{ path: `/members/${i}/staffId`, message: `staff member ${m.staffId} is not staff of this program's provider` }];
      return [];
    });
    if (errors.length) throw DomainError.invalid(errors);
  }

  /** A documentation record for the program, or a 400 naming what may be documented. */
  evidenceRecord(actor: Actor, program: ReadinessProgram, dto: ReadinessEvidenceDto, today: DateOnly, now: Date): ReadinessEvidenceRecord {
    const problem = evidenceProblem(program, dto);
    if (problem) throw DomainError.field(problem.path, problem.message);
    if (dto.documentedOn > today) throw DomainError.field('/documentedOn', `documentation is recorded once it exists: ${dto.documentedOn} is after today (${today})`);
    return { criterionId: dto.criterionId, documentedOn: dto.documentedOn, percent: dto.percent ?? null, note: dto.note ?? null, recordedAt: now.toISOString(), recordedByKeyId: actor.keyId };
  }

  /** actor: supervisors are judged among the staff the key may see (another provider's staff are not accepted) */
  async evaluate(em: EntityManager, actor: Actor, program: ReadinessProgram, team: TeamRecord | null, asOf: DateOnly, providerType?: ProviderType): Promise<ReadinessResult> {
    let members: ReadinessMember[] | null = null;
    if (team?.staffing) {
      const facts = await this.staff.factsWithReferences(em, team.staffing.map((m) => m.staffId));
      const ctx = { staffById: staffInScope(providerScope(actor), facts) };
      members = team.staffing
        .filter((m) => facts.has(m.staffId))
        .map((m) => ({ staff: facts.get(m.staffId)!, credential: evaluateCredential(facts.get(m.staffId)!, asOf, ctx), role: m.role, fte: m.fte }));
    }
    return evaluateReadiness(program, { asOf, members, census: team?.census ?? null, evidence: team?.evidence ?? null, providerType });
  }
}
