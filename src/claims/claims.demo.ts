/** Loads fixtures/demo/usage.json: case management billed outside bhcheck, into the cap ledger. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EntityManager } from 'typeorm';
import { CapLedgerEntryEntity } from '../database/entities';
import { loadServiceCatalogFile } from '../rules/claims';
import { stateFiscalYear } from '../rules/dates';
import type { Service } from '../rules/vocabulary';

interface DemoUsage {
  recipient: string;
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
  for (const u of usage) {
    const recipientId = ids[u.recipient];
    if (!recipientId) throw new Error(`demo usage refers to unknown recipient ${u.recipient}`);
    const rule = catalog.ruleFor(u.service, u.dateOfService);
    if (!rule || !rule.capCategories.length) throw new Error(`demo usage: ${u.service} counts toward no cap`);
    await em.insert(
      CapLedgerEntryEntity,
      rule.capCategories.map((category) => ({
        recipientId,
        sfy: stateFiscalYear(u.dateOfService),
        category,
        minutes: u.minutes,
        dateOfService: u.dateOfService,
        source: 'EXTERNAL' as const,
        providerId: null,
        claimRecordId: null,
        claimVersion: null,
        lineId: null,
        externalReference: u.externalReference,
        note: 'demo data',
        recordedByKeyId: null,
        releasedAt: null,
        releasedByVersion: null,
      })),
    );
  }
  return `${usage.length} outside case-management records`;
}
