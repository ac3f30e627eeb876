/**
 * Loads fixtures/demo into a new database, in one transaction, so a new user sees something real.
 * Records are validated with the same DTO classes as the API, and written with an audit entry.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { SYSTEM_ACTOR } from '../auth/actor';
import { hashApiKey } from '../auth/api-key.util';
import { flattenValidationErrors } from '../common/validation';
import { APP_CONFIG, type AppConfig } from '../config/config';
import {
  ApiKeyEntity,
  AssessmentEntity,
  ProviderEntity,
  RecipientEntity,
  RecipientProviderEntity,
  StaffEntity,
  TreatmentPlanEntity,
} from '../database/entities';
import { CreateProviderDto } from '../providers/provider.dto';
import { CreateAssessmentDto, CreateRecipientDto, CreateTreatmentPlanDto } from '../recipients/recipient.dto';
import { CreateStaffDto } from '../staff/staff.dto';
import { experienceFact } from '../rules/facts';
import { providerRecordProblems } from '../rules/provider-records';
import type { Role } from '../rules/vocabulary';

type Json = Record<string, unknown>;

export interface DemoResult {
  summary: string;
  keys: { role: Role; key: string; name: string }[];
  ids: Record<string, string>;
}

/** Extra demo loaders (program approvals, claims...) that feature modules add. */
export type DemoExtension = (em: EntityManager, ids: Record<string, string>, fixturesDir: string) => Promise<string | null>;
const extensions: DemoExtension[] = [];
export function registerDemoExtension(ext: DemoExtension): void {
  extensions.push(ext);
}

async function check<T extends object>(cls: new () => T, plain: Json, where: string): Promise<T> {
  const obj = plainToInstance(cls, plain);
  const errors = await validate(obj, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw new Error(`demo fixture ${where} is invalid: ${flattenValidationErrors(errors).map((e) => `${e.path} ${e.message}`).join('; ')}`);
  }
  return obj;
}

function ref(ids: Record<string, string>, name: unknown, where: string): string {
  const id = ids[String(name)];
  if (!id) throw new Error(`demo fixture ${where} refers to unknown ref ${JSON.stringify(name)}`);
  return id;
}

export async function loadDemo(em: EntityManager, audit: AuditService, fixturesDir: string): Promise<DemoResult> {
  const data = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'registry.json'), 'utf8')) as {
    providers: Json[];
    staff: Json[];
    recipients: Json[];
    apiKeys: Json[];
  };
  const ids: Record<string, string> = {};
  const actor = SYSTEM_ACTOR;

  for (const p of data.providers) {
    const { ref: r, ...rest } = p;
    const dto = await check(CreateProviderDto, rest, `provider ${r}`);
    const problems = providerRecordProblems({ type: dto.type, ipKind: dto.ipKind ?? null, encounterRateClinic: dto.encounterRateClinic ?? false });
    if (problems.length) throw new Error(`demo fixture provider ${r} is invalid: ${problems.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    const saved = await em.save(em.create(ProviderEntity, { ...dto, ipKind: dto.ipKind ?? null, enrollments: dto.enrollments ?? [], encounterRateClinic: dto.encounterRateClinic ?? false }));
    ids[String(r)] = saved.id;
    await audit.record(em, actor, 'CREATE', 'provider', saved.id, null, rest);
  }

  // Staff in two passes: create, then wire supervisors and prescriber designations by ref.
  for (const s of data.staff) {
    const { ref: r, provider, supervisor: _s, prescriberDesignations: _p, ...rest } = s;
    const dto = await check(CreateStaffDto, { ...rest, providerId: ref(ids, provider, `staff ${r}`) }, `staff ${r}`);
    const saved = await em.save(
      em.create(StaffEntity, {
        ...dto,
        npi: dto.npi ?? null,
        birthDate: dto.birthDate ?? null,
        endDate: dto.endDate ?? null,
        licenses: (dto.licenses ?? []).map((l) => ({ ...l, specialty: l.specialty ?? null })),
        degrees: (dto.degrees ?? []).map((d) => ({ ...d, conferredOn: d.conferredOn ?? null })),
        highSchoolOrGed: dto.highSchoolOrGed ?? false,
        experience: (dto.experience ?? []).map(experienceFact),
        trainings: dto.trainings ?? [],
        practicumHours: dto.practicumHours ?? null,
        certifications: dto.certifications ?? [],
        supervisorStaffId: null,
        mhpDesignatedBefore2011: dto.mhpDesignatedBefore2011 ?? false,
        rsaAbilitiesAttestedOn: dto.rsaAbilitiesAttestedOn ?? null,
        prescriberDesignations: [],
        fullTime: dto.fullTime ?? true,
        livedExperience: dto.livedExperience ?? false,
        clinicalDirector: dto.clinicalDirector ?? false,
        backgroundChecks: dto.backgroundChecks ?? [],
      }),
    );
    ids[String(r)] = saved.id;
  }
  for (const s of data.staff) {
    const id = ids[String(s.ref)];
    const patch: Partial<StaffEntity> = {};
    if (s.supervisor) patch.supervisorStaffId = ref(ids, s.supervisor, `staff ${s.ref}`);
    if (Array.isArray(s.prescriberDesignations)) {
      patch.prescriberDesignations = (s.prescriberDesignations as Json[]).map((d) => ({
        designatedByStaffId: ref(ids, d.designatedBy, `staff ${s.ref}`),
        designatedOn: String(d.designatedOn),
        services: d.services as ('MEDICATION_MONITORING' | 'MEDICATION_TRAINING')[],
        endsOn: (d.endsOn as string | null) ?? null,
      }));
    }
    if (Object.keys(patch).length) await em.update(StaffEntity, { id }, patch);
    const saved = await em.findOneByOrFail(StaffEntity, { id });
    await audit.record(em, actor, 'CREATE', 'staff', id, null, saved);
  }

  for (const r of data.recipients) {
    const providerIds = (r.providers as string[]).map((p) => ref(ids, p, `recipient ${r.ref}`));
    const dto = await check(CreateRecipientDto, { medicaidId: r.medicaidId, name: r.name, birthDate: r.birthDate, providerIds }, `recipient ${r.ref}`);
    const saved = await em.save(em.create(RecipientEntity, { medicaidId: dto.medicaidId, name: dto.name ?? null, birthDate: dto.birthDate }));
    ids[String(r.ref)] = saved.id;
    await em.insert(RecipientProviderEntity, providerIds.map((providerId) => ({ recipientId: saved.id, providerId })));
    await audit.record(em, actor, 'CREATE', 'recipient', saved.id, null, dto);
    for (const [ai, a] of ((r.assessments as Json[]) ?? []).entries()) {
      const plain = { providerId: ref(ids, a.provider, `recipient ${r.ref}`), completedOn: a.completedOn, approvedByStaffId: a.approvedBy ? ref(ids, a.approvedBy, `recipient ${r.ref}`) : null, diagnoses: a.diagnoses, ruleOut: a.ruleOut, definitiveOn: a.definitiveOn };
      const adto = await check(CreateAssessmentDto, plain, `assessment of ${r.ref}`);
      const row = await em.save(em.create(AssessmentEntity, { ...adto, recipientId: saved.id, approvedByStaffId: adto.approvedByStaffId ?? null, ruleOut: adto.ruleOut ?? false, definitiveOn: adto.definitiveOn ?? null }));
      ids[`${r.ref}_assessment_${ai + 1}`] = row.id;
      await audit.record(em, actor, 'CREATE', 'assessment', row.id, null, plain);
    }
    for (const [ti, t] of ((r.treatmentPlans as Json[]) ?? []).entries()) {
      const plain = { providerId: ref(ids, t.provider, `recipient ${r.ref}`), approvedOn: t.approvedOn, approvedByStaffId: t.approvedBy ? ref(ids, t.approvedBy, `recipient ${r.ref}`) : null, clientSignedOn: t.clientSignedOn, services: t.services };
      const tdto = await check(CreateTreatmentPlanDto, plain, `treatment plan of ${r.ref}`);
      const row = await em.save(em.create(TreatmentPlanEntity, { ...tdto, recipientId: saved.id, approvedByStaffId: tdto.approvedByStaffId ?? null, clientSignedOn: tdto.clientSignedOn ?? null }));
      ids[`${r.ref}_plan_${ti + 1}`] = row.id;
      await audit.record(em, actor, 'CREATE', 'treatment_plan', row.id, null, plain);
    }
  }

  const keys: DemoResult['keys'] = [];
  for (const k of data.apiKeys) {
    const providerIds = (k.providers as string[]).map((p) => ref(ids, p, `api key ${k.name}`));
    const row = await em.save(
      em.create(ApiKeyEntity, {
        name: String(k.name),
        role: k.role as Role,
        keyHash: hashApiKey(String(k.key)),
        keyPrefix: String(k.key).slice(0, 8),
        providerIds,
        allProviders: Boolean(k.allProviders),
        // the staff member holding the key (the access review lists it; it stops working when they leave)
        holderStaffId: k.holder === undefined ? null : ref(ids, k.holder, `api key ${k.name}`),
        revokedAt: null,
      }),
    );
    await audit.record(em, actor, 'ISSUE_KEY', 'api_key', row.id, null, { name: k.name, role: k.role, providerIds, holderStaffId: row.holderStaffId });
    keys.push({ role: k.role as Role, key: String(k.key), name: String(k.name) });
  }

  const extra: string[] = [];
  for (const ext of extensions) {
    const said = await ext(em, ids, fixturesDir);
    if (said) extra.push(said);
  }
  return {
    summary: [`${data.providers.length} providers, ${data.staff.length} staff, ${data.recipients.length} recipients`, ...extra].join(', '),
    keys,
    ids,
  };
}

/** Loads the demo when the database holds no provider yet (a new database). */
export async function loadDemoIfNew(app: INestApplicationContext): Promise<DemoResult | null> {
  const ds = app.get(DataSource);
  const config = app.get<AppConfig>(APP_CONFIG);
  const audit = app.get(AuditService);
  return ds.transaction(async (em) => {
    // one loader at a time, and only into an empty registry
    await em.query('SELECT pg_advisory_xact_lock(7262001)');
    if ((await em.count(ProviderEntity)) > 0) return null;
    return loadDemo(em, audit, path.join(config.projectRoot, 'fixtures', 'demo'));
  });
}

/** The demo API keys (fixtures/demo) still active in this database: none unless it holds the demo. */
export async function activeDemoKeys(app: INestApplicationContext): Promise<DemoResult['keys']> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const data = JSON.parse(fs.readFileSync(path.join(config.projectRoot, 'fixtures', 'demo', 'registry.json'), 'utf8')) as { apiKeys: { role: Role; key: string; name: string }[] };
  const active = await app
    .get(DataSource)
    .getRepository(ApiKeyEntity)
    .find({ select: { keyHash: true }, where: { keyHash: In(data.apiKeys.map((k) => hashApiKey(k.key))), revokedAt: IsNull() } });
  const hashes = new Set(active.map((k) => k.keyHash));
  return data.apiKeys.filter((k) => hashes.has(hashApiKey(k.key))).map(({ role, key, name }) => ({ role, key, name }));
}
