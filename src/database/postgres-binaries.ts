/**
 * Where PostgreSQL's binaries are run from. Run by root, PostgreSQL runs as the unprivileged `postgres`
 * user, which must reach the binaries: when they sit below a directory it cannot enter (a clone in
 * /root, mode 700), a copy is kept in a root-owned cache it can reach, and used instead, rather than
 * opening the private directory to every local user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The unprivileged account PostgreSQL runs as when we are root; null when we are not. */
export interface RunAs {
  uid: number;
  gid: number;
}

const RUN_AS_USER = 'postgres';

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

