/** Loads fixtures/demo/usage.json: case management billed outside bhcheck, recorded as POST /recipients/{id}/usage records it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../auth/actor';
import { loadServiceCatalogFile } from '../rules/claims';
import type { Service } from '../rules/vocabulary';
import { CapLedgerService } from './cap-ledger.service';
import { recordNewUsage } from './external-usage.service';

interface DemoUsage {
  recipient: string;
  provider: string;
  dateOfService: string;
  service: Service;
  minutes: number;
  externalReference: string;
}

export async function loadUsageDemo(em: EntityManager, ids: Record<string, string>, fixturesDir: string): Promise<string | null> {
  const file = path.join(fixturesDir, 'usage.json');
  if (!fs.existsSync(file)) return null;
  const { usage } = JSON.parse(fs.readFileSync(file, 'utf8')) as { usage: DemoUsage[] };
  const catalog = loadServiceCatalogFile(path.resolve(fixturesDir, '..', '..', 'config', 'service-catalog.json'));
  const ledger = new CapLedgerService();
  for (const u of usage) {
    const recipientId = ids[u.recipient];
    const providerId = ids[u.provider];
    if (!recipientId || !providerId) throw new Error(`demo usage refers to unknown recipient ${u.recipient} or provider ${u.provider}`);
    const rule = catalog.ruleFor(u.service, u.dateOfService);
    if (!rule || !rule.capCategories.length) throw new Error(`demo usage: ${u.service} counts toward no cap`);
    const content = { dateOfService: u.dateOfService, service: u.service, minutes: u.minutes, note: 'demo data' };
    await recordNewUsage(em, ledger, catalog, SYSTEM_ACTOR, { recipientId, providerId, externalReference: u.externalReference }, content, rule);
  }
  return `${usage.length} outside case-management records`;
}
