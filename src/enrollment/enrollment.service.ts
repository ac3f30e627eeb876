/**
 * Enrollment: the check of a provider on a date (the rules in src/rules/enrollment, fed the provider,
 * its staff and the evidence recorded), the evidence itself (append-only, numbered versions, audited),
 * the person-by-person background checks, and the evidence deadlines for the deadline board.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { assertProviderInScope, providerScope, type Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EnrollmentEvidenceEntity, ProviderEntity } from '../database/entities';
import { toProviderFacts } from '../providers/providers.service';
import { isEmployed } from '../rules/credentials';
import type { DateOnly } from '../rules/dates';
import {
  criterionOn,
  evaluateEnrollment,
  evidenceDeadlines,
  evidenceDueOn,
  evidenceProblems,
  personCheckProblem,
  personChecks,
  type EnrollmentResult,
  type EvidenceDeadline,
  type EvidenceFact,
} from '../rules/enrollment';
import type { ProviderFacts } from '../rules/facts';
import type { Role } from '../rules/vocabulary';
import { staffInScope, StaffService } from '../staff/staff.service';
import type { BackgroundCheckListView, EvidenceView, RecordedEvidenceView, RecordEvidenceDto } from './enrollment.dto';

/** Who uses the enrollment check and records its evidence (ADMIN always may): the API's @Roles, the pages and the deadline board agree. */
export const ENROLLMENT_ROLES: Role[] = ['REVIEWER', 'CLINICAL_DIRECTOR'];

/** pg_advisory_xact_lock key: one writer at a time numbers a provider's evidence of a criterion. */
const EVIDENCE_LOCK = 7262007;

export function toEvidenceFact(r: EnrollmentEvidenceEntity): EvidenceFact {
  return { id: r.id, criterionId: r.criterionId, version: r.version, documentedOn: r.documentedOn, expiresOn: r.expiresOn, note: r.note, correctsEvidenceId: r.correctsEvidenceId };
}

function toEvidenceView(r: EnrollmentEvidenceEntity, all: readonly EnrollmentEvidenceEntity[]): EvidenceView {
  const c = criterionOn(r.criterionId, r.documentedOn);
  return {
    id: r.id,
    providerId: r.providerId,
    criterionId: r.criterionId,
    citation: c?.citation ?? '',
    version: r.version,
    documentedOn: r.documentedOn,
    expiresOn: r.expiresOn,
    note: r.note,
    dueOn: c?.evidence ? evidenceDueOn(c.evidence, r) : r.expiresOn,
    correctsEvidenceId: r.correctsEvidenceId,
    correctedByEvidenceId: all.find((o) => o.correctsEvidenceId === r.id)?.id ?? null,
    recordedAt: r.recordedAt.toISOString(),
    recordedByRole: r.recordedByRole,
  };
}

/** The same content as the latest version: a retried request, recognised rather than recorded twice. */
function sameContent(r: EnrollmentEvidenceEntity, dto: RecordEvidenceDto): boolean {
  return r.documentedOn === dto.documentedOn && r.expiresOn === (dto.expiresOn ?? null) && r.note === (dto.note ?? null) && r.correctsEvidenceId === (dto.correctsEvidenceId?.toLowerCase() ?? null);
}

@Injectable()
export class EnrollmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly staff: StaffService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async provider(em: EntityManager, actor: Actor, providerId: string): Promise<ProviderFacts> {
    const p = await em.findOneBy(ProviderEntity, { id: providerId });
    if (!p) throw DomainError.notFound('provider', providerId);
    assertProviderInScope(actor, providerId);
    return toProviderFacts(p);
  }

  private evidenceRows(em: EntityManager, providerIds: string[]): Promise<EnrollmentEvidenceEntity[]> {
    return providerIds.length ? em.find(EnrollmentEvidenceEntity, { where: { providerId: In(providerIds) }, order: { criterionId: 'ASC', version: 'ASC' } }) : Promise.resolve([]);
  }

  async check(actor: Actor, providerId: string, asOf: DateOnly): Promise<EnrollmentResult> {
    const em = this.dataSource.manager;
    const provider = await this.provider(em, actor, providerId);
    const facts = await this.staff.factsOfProvider(em, providerId);
    const evidence = (await this.evidenceRows(em, [providerId])).map(toEvidenceFact);
    return evaluateEnrollment({
      provider,
      asOf,
      expiringWithinDays: this.config.enrollmentExpiringDays,
      staff: [...facts.values()].filter((s) => s.providerId === providerId),
      // supervisors of other providers are known only to keys that may see them (as in the roster)
      staffById: staffInScope(providerScope(actor), facts),
      evidence,
    });
  }

  async record(actor: Actor, providerId: string, dto: RecordEvidenceDto): Promise<RecordedEvidenceView> {
    const today = this.clock.today();
    return this.dataSource.transaction(async (em) => {
      const provider = await this.provider(em, actor, providerId);
      const problems = evidenceProblems(provider, dto, today);
      if (problems.length) throw DomainError.invalid(problems);
      await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [EVIDENCE_LOCK, `${providerId}:${dto.criterionId}`]);
      const rows = await em.find(EnrollmentEvidenceEntity, { where: { providerId, criterionId: dto.criterionId }, order: { version: 'ASC' } });
      const corrects = dto.correctsEvidenceId?.toLowerCase() ?? null;
      if (corrects) {
        const target = rows.find((r) => r.id === corrects);
        if (!target) throw DomainError.field('/correctsEvidenceId', `evidence ${corrects} is not a record of ${dto.criterionId} for this provider`);
        const already = rows.find((r) => r.correctsEvidenceId === corrects);
        if (already && sameContent(already, dto)) return { ...toEvidenceView(already, rows), repeat: true };
        if (already) throw DomainError.field('/correctsEvidenceId', `version ${target.version} is already corrected by version ${already.version} (${already.id}): correct that one`);
      }
      const last = rows.at(-1);
      if (last && sameContent(last, dto)) return { ...toEvidenceView(last, rows), repeat: true };
      const saved = await em.save(
        em.create(EnrollmentEvidenceEntity, {
          providerId,
          criterionId: dto.criterionId,
          version: (last?.version ?? 0) + 1,
          documentedOn: dto.documentedOn,
          expiresOn: dto.expiresOn ?? null,
          note: dto.note ?? null,
          correctsEvidenceId: corrects,
          recordedByKeyId: actor.keyId,
          recordedByRole: actor.role,
        }),
      );
      const view = toEvidenceView(saved, [...rows, saved]);
      await this.audit.record(em, actor, 'RECORD_EVIDENCE', 'enrollment_evidence', saved.id, null, view);
      return { ...view, repeat: false };
    });
  }

  /** Every record of the provider's evidence (of one criterion, when given), newest first. */
  async history(actor: Actor, providerId: string, criterionId?: string): Promise<EvidenceView[]> {
    const em = this.dataSource.manager;
    await this.provider(em, actor, providerId);
    if (criterionId && !criterionOn(criterionId, this.clock.today())) throw DomainError.field('criterionId', `${criterionId} is not an enrollment criterion`);
    const rows = await this.evidenceRows(em, [providerId]);
    return rows
      .filter((r) => !criterionId || r.criterionId === criterionId)
      .map((r) => toEvidenceView(r, rows))
      .sort((a, b) => b.recordedAt.localeCompare(a.recordedAt) || b.version - a.version);
  }

  async backgroundChecks(actor: Actor, providerId: string, asOf: DateOnly): Promise<BackgroundCheckListView> {
    const em = this.dataSource.manager;
    await this.provider(em, actor, providerId);
    const facts = await this.staff.factsOfProvider(em, providerId);
    const people = [...facts.values()]
      .filter((s) => s.providerId === providerId && isEmployed(s, asOf))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => {
        const p = personChecks(s, asOf);
        return { staffId: s.id, name: s.name, hireDate: s.hireDate, checks: p.checks, exclusion: p.exclusion, problem: personCheckProblem(p) };
      });
    return { providerId, asOf, people };
  }

  /** The evidence deadlines of the providers the actor may see (all of them with scope null). */
  async deadlines(actor: Actor, asOf: DateOnly, providerId?: string): Promise<{ provider: ProviderFacts; deadline: EvidenceDeadline }[]> {
    const em = this.dataSource.manager;
    const scope = providerScope(actor);
    const ids = providerId ? (scope === null || scope.includes(providerId) ? [providerId] : []) : scope;
    const providers = await em.find(ProviderEntity, ids === null ? {} : { where: { id: In(ids) } });
    const rows = await this.evidenceRows(em, providers.map((p) => p.id));
    return providers.flatMap((p) => {
      const provider = toProviderFacts(p);
      const evidence = rows.filter((r) => r.providerId === p.id).map(toEvidenceFact);
      return evidenceDeadlines(provider, evidence, asOf).map((deadline) => ({ provider, deadline }));
    });
  }
}
