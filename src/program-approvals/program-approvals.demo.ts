/** Loads fixtures/demo/program-approvals.json, each event checked by the Table N rules. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EntityManager } from 'typeorm';
import { ProgramApprovalEntity, ProgramApprovalEventEntity, type StaffingMember } from '../database/entities';
import { applyEvent, type ProgramApprovalEvent } from '../rules/program-approval';
import type { Program } from '../rules/vocabulary';

interface DemoApproval {
  provider: string;
  program: Program;
  events: ProgramApprovalEvent[];
  staffing?: { members: { staff: string; role: StaffingMember['role']; fte: number }[] | null; census: ProgramApprovalEntity['census'] };
}

export async function loadProgramApprovalDemo(em: EntityManager, ids: Record<string, string>, fixturesDir: string): Promise<string | null> {
  const file = path.join(fixturesDir, 'program-approvals.json');
  if (!fs.existsSync(file)) return null;
  const { programApprovals } = JSON.parse(fs.readFileSync(file, 'utf8')) as { programApprovals: DemoApproval[] };
  for (const pa of programApprovals) {
    const providerId = ids[pa.provider];
    if (!providerId) throw new Error(`demo program approval refers to unknown provider ${pa.provider}`);
    const members = pa.staffing?.members?.map((m) => {
      const staffId = ids[m.staff];
      if (!staffId) throw new Error(`demo program approval refers to unknown staff ${m.staff}`);
      return { staffId, role: m.role, fte: m.fte };
    });
    const row = await em.save(em.create(ProgramApprovalEntity, { providerId, program: pa.program, staffing: members ?? null, census: pa.staffing?.census ?? null }));
    const accepted: ProgramApprovalEvent[] = [];
    for (const [i, e] of pa.events.entries()) {
      const result = applyEvent(pa.program, accepted, e);
      if (!result.ok) throw new Error(`demo ${pa.provider} ${pa.program} event ${i} (${e.type}) is refused: ${result.reason} (${result.citation})`);
      accepted.push(e);
      await em.insert(ProgramApprovalEventEntity, {
        programApprovalId: row.id,
        seq: i + 1,
        type: e.type,
        occurredOn: e.occurredOn,
        noticeOn: e.noticeOn ?? null,
        reviewOn: e.reviewOn ?? null,
        outcome: e.outcome ?? null,
        effectiveOn: e.effectiveOn ?? null,
        submittedOn: e.submittedOn ?? null,
        note: e.note ?? null,
        recordedByKeyId: null,
      });
    }
    ids[`${pa.provider}_${pa.program}`] = row.id;
  }
  return `${programApprovals.length} program approvals`;
}
