/** Loads fixtures/demo/enrollment.json: dated enrollment evidence, each record checked by the rules and audited. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { SYSTEM_ACTOR } from '../auth/actor';
import { EnrollmentEvidenceEntity, ProviderEntity } from '../database/entities';
import { LATEST_DATE } from '../rules/dates';
import { evidenceProblems } from '../rules/enrollment';

interface DemoEvidence {
  provider: string;
  criterionId: string;
  documentedOn: string;
  expiresOn?: string | null;
  note?: string | null;
}

export async function loadEnrollmentDemo(em: EntityManager, ids: Record<string, string>, fixturesDir: string): Promise<string | null> {
  const file = path.join(fixturesDir, 'enrollment.json');
  if (!fs.existsSync(file)) return null;
  const { evidence } = JSON.parse(fs.readFileSync(file, 'utf8')) as { evidence: DemoEvidence[] };
  const audit = new AuditService();
  const versions = new Map<string, number>();
  for (const [i, e] of evidence.entries()) {
    const providerId = ids[e.provider];
    const provider = providerId ? await em.findOneBy(ProviderEntity, { id: providerId }) : null;
    if (!provider) throw new Error(`demo evidence ${i} refers to unknown provider ${e.provider}`);
    // the demo is a story set on fixed days, so "not after today" is not asked of it
    const problems = evidenceProblems(provider, e, LATEST_DATE);
    if (problems.length) throw new Error(`demo evidence ${i} (${e.criterionId}) is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
    const key = `${providerId}:${e.criterionId}`;
    const version = (versions.get(key) ?? 0) + 1;
    versions.set(key, version);
    const saved = await em.save(
      em.create(EnrollmentEvidenceEntity, {
        providerId,
        criterionId: e.criterionId,
        version,
        documentedOn: e.documentedOn,
        expiresOn: e.expiresOn ?? null,
        note: e.note ?? null,
        correctsEvidenceId: null,
        recordedByKeyId: null,
        recordedByRole: 'SYSTEM',
      }),
    );
    await audit.record(em, SYSTEM_ACTOR, 'RECORD_EVIDENCE', 'enrollment_evidence', saved.id, null, e);
  }
  return `${evidence.length} enrollment evidence records`;
}
