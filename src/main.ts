/**
 * `npm start`: the service. With no DATABASE_URL it starts the embedded PostgreSQL in .data/,
 * runs the migrations, loads the demo data into a new database, and stops the database on exit.
 */
process.env.TZ = process.env.TZ ?? 'UTC';

import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { openDatabase } from './database/open-database';
import { createApp, ensureAdminKey } from './bootstrap';
import { activeDemoKeys, loadDemoIfNew } from './demo/demo-loader';
import { ProvidersService } from './providers/providers.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const say = (msg: string): void => console.error(`[bhcheck] ${msg}`);
  const db = await openDatabase(config, say, { label: 'service' });
  say(`database: ${db.description}`);
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  const shutdown = async (signal: string): Promise<void> => {
    say(`${signal}: shutting down`);
    try {
      await app?.close();
    } finally {
      await db.stop();
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    app = await createApp(config, db.url);
    if (await ensureAdminKey(app, config)) say('created the ADMIN key given in BHCHECK_ADMIN_KEY');
    const demo = db.embedded && config.loadDemo ? await loadDemoIfNew(app) : null;
    const warnings = await app.get(ProvidersService).storedRecordWarnings();
    await app.listen(config.port, config.host);
    // last, after whatever the framework logged while starting: what a user needs to begin
    for (const warning of warnings) say(`warning: ${warning}`);
    if (demo) say(`demo data loaded: ${demo.summary}`);
    const demoKeys = demo?.keys ?? (await activeDemoKeys(app));
    if (demoKeys.length) {
      say('demo API keys (use as "Authorization: Bearer <key>"):');
      for (const k of demoKeys) say(`  ${k.role.padEnd(17)} ${k.key}   (${k.name})`);
    }
    say(`listening on http://localhost:${config.port}  (web pages /, API /api/v1, docs /docs, health /health)`);
  } catch (e) {
    await db.stop().catch(() => undefined);
    throw e;
  }
}

main().catch((e) => {
  if (e instanceof ConfigError) console.error(`[bhcheck] configuration error: ${e.message}`);
  else console.error('[bhcheck] failed to start:', e);
  process.exit(1);
});
