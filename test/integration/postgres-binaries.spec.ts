/**
 * Where PostgreSQL's binaries run from: run by root, PostgreSQL runs as `postgres`, which cannot enter
 * a private directory (a clone in /root, mode 700); the binaries then run from a root-owned copy it can
 * reach, and the private directory is left as it was.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packagedBinaries, runAsAccount as account } from '../../src/database/embedded-postgres';
import { defaultBinaryCache, reachableBinaries, type PostgresBinaries } from '../../src/database/postgres-binaries';

const asRoot = os.userInfo().uid === 0 ? it : it.skip;
let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-pgbin-'));
  fs.chmodSync(tmp, 0o711); // reachable by the postgres user, as a data directory is made
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The packaged binaries as seen through a folder only root may enter. */
function behindPrivateDirectory(packaged: PostgresBinaries): { binaries: PostgresBinaries; privateDir: string } {
  const nativeDir = path.dirname(path.dirname(packaged.initdb));
  const privateDir = path.join(tmp, 'private');
  fs.mkdirSync(privateDir, { mode: 0o700 });
  fs.symlinkSync(fs.realpathSync(nativeDir), path.join(privateDir, 'native'), 'dir');
  const hidden = (file: string) => path.join(privateDir, 'native', path.relative(nativeDir, file));
  return { binaries: { initdb: hidden(packaged.initdb), postgres: hidden(packaged.postgres) }, privateDir };
}

it('binaries the server account can reach are run in place', () => {
  // as the service finds them (in place, or, in a private clone, root's copy)
  const binaries = reachableBinaries(packagedBinaries(), account(), defaultBinaryCache(), () => undefined);
  const said: string[] = [];
  expect(reachableBinaries(binaries, account(), path.join(tmp, 'cache'), (m) => said.push(m))).toEqual(binaries);
  expect(said).toEqual([]);
  expect(fs.existsSync(path.join(tmp, 'cache'))).toBe(false);
});

asRoot('as root, binaries below a private directory run from a root-owned copy, and the private directory stays closed', () => {
  const { binaries, privateDir } = behindPrivateDirectory(packagedBinaries());
  const runAsPostgres = account()!;
  const cache = path.join(tmp, 'cache');
  const said: string[] = [];

  const copied = reachableBinaries(binaries, runAsPostgres, cache, (m) => said.push(m));
  expect(copied.initdb.startsWith(`${cache}${path.sep}postgres-`)).toBe(true);
  expect(said).toEqual([expect.stringMatching(/^the postgres user cannot reach PostgreSQL's binaries in .*private.* \(a private directory above them\): running a copy in /)]);
  const copyDir = path.dirname(path.dirname(copied.initdb));
  expect([fs.lstatSync(copyDir).isDirectory(), fs.statSync(copyDir).uid, fs.statSync(copyDir).mode & 0o777]).toEqual([true, 0, 0o755]);
  // a second start finds the same copy
  expect(reachableBinaries(binaries, runAsPostgres, cache, () => undefined)).toEqual(copied);

  // the copy is complete: as the postgres user, its initdb makes a cluster (with its libraries and share/)
  const cluster = path.join(tmp, 'cluster');
  fs.mkdirSync(cluster, { mode: 0o700 });
  fs.chownSync(cluster, runAsPostgres.uid, runAsPostgres.gid);
  const made = spawnSync(copied.initdb, [`--pgdata=${cluster}`, '--auth=trust', '--username=tester', '--encoding=UTF8', '--locale=C'], { ...runAsPostgres, encoding: 'utf8' });
  expect({ status: made.status, error: made.error }).toEqual({ status: 0, error: undefined });
  expect(fs.existsSync(path.join(cluster, 'PG_VERSION'))).toBe(true);
  expect(fs.statSync(privateDir).mode & 0o777).toBe(0o700);
});

asRoot('as root, a cache directory others could write is refused', () => {
  const cache = path.join(tmp, 'cache');
  fs.mkdirSync(cache);
  fs.chmodSync(cache, 0o777);
  const { binaries } = behindPrivateDirectory(packagedBinaries());
  expect(() => reachableBinaries(binaries, account(), cache, () => undefined)).toThrow(/must be a directory owned by root and writable only by it/);
});
