/**
 * `npm start`: the service. With no DATABASE_URL it starts the embedded PostgreSQL in .data/,
 * runs the migrations, loads the demo data into a new database, and stops the database on exit.
 */
process.env.TZ = process.env.TZ ?? 'UTC';

import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { openDatabase } from './database/open-database';
import { createApp, ensureAdminKey } from './bootstrap';
import { ProvidersService } from './providers/providers.service';
import { loadDemoIfNew } from './demo/demo-loader';

async function main(): Promise<void> {
  const config = loadConfig();
  const say = (msg: string): void => console.error(`[bhcheck] ${msg}`);
  const db = await openDatabase(config, say);
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
    if (db.embedded && config.loadDemo) {
      const demo = await loadDemoIfNew(app);
      if (demo) {
        say(`demo data: ${demo.summary}`);
        say('demo API keys (use as "Authorization: Bearer <key>"):');
        for (const k of demo.keys) say(`  ${k.role.padEnd(17)} ${k.key}   (${k.name})`);
      }
    }
    for (const warning of await app.get(ProvidersService).storedRecordWarnings()) say(`warning: ${warning}`);
    await app.listen(config.port, config.host);
    say(`listening on http://localhost:${config.port}  (API /api/v1, docs /docs, health /health)`);
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
