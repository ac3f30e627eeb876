/**
 * The service in the bench's own process, on a throwaway embedded PostgreSQL (fsync on) with the demo
 * data, listening on a free loopback port. stop() closes it, stops PostgreSQL and removes the temp dir;
 * Ctrl-C or SIGTERM does the same first.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApp, ensureAdminKey } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/config';
import { runMigrations } from '../../src/database/data-source-options';
import { freePort, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { loadDemoIfNew, type DemoResult } from '../../src/demo/demo-loader';

export const BENCH_ADMIN_KEY = 'bhk_bench_admin_key_00000000000';

export interface BenchService {
  app: NestExpressApplication;
  demo: DemoResult;
  port: number;
  stop(): Promise<void>;
}

/** beforeStop: what the bench closes first (its HTTP agent). */
export async function startBenchService(beforeStop: () => void = () => undefined): Promise<BenchService> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-bench-'));
  let stopDb: (() => Promise<void>) | undefined;
  let closeApp: (() => Promise<void>) | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    beforeStop();
    await closeApp?.().catch((e) => console.error('closing the app:', e));
    await stopDb?.().catch((e) => console.error('stopping PostgreSQL:', e));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: string) => {
    console.error(`${signal}: cleaning up`);
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const db = await startEmbeddedPostgres(dir, () => undefined, { persistent: false });
    stopDb = db.stop;
    await runMigrations(db.ownerUrl, { runtimeRole: db.runtime.user });
    const config = loadConfig({ TZ: 'UTC', LOG_LEVEL: 'silent', DATABASE_URL: db.runtimeUrl, BHCHECK_ADMIN_KEY: BENCH_ADMIN_KEY, BHCHECK_DATA_DIR: dir, BHCHECK_RATE_LIMIT: '0' });
    const app = await createApp(config, db.runtimeUrl);
    closeApp = () => app.close();
    await ensureAdminKey(app, config);
    const demo = await loadDemoIfNew(app);
    if (!demo) throw new Error('the demo did not load');
    const port = await freePort();
    await app.listen(port, '127.0.0.1');
    return { app, demo, port, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
