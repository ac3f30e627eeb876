/**
 * The embedded PostgreSQL's runner: run by root, PostgreSQL runs as `postgres`, which cannot enter a
 * private directory (a clone in /root, mode 700); the binaries are then run from a root-owned copy it
 * can reach, and the private directory is left as it was. A binary that cannot be run is a clear
 * error, never an unhandled `spawn EACCES`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';
import { defaultBinaryCache, packagedBinaries, PostgresServer, reachableBinaries, runAsAccount, type PostgresBinaries, type RunAs } from '../../src/database/postgres-server';

const asRoot = os.userInfo().uid === 0 ? it : it.skip;
let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-pgserver-'));
  // reachable by the postgres user, as startEmbeddedPostgres makes a data directory
  fs.chmodSync(tmp, 0o711);
  fs.mkdirSync(path.join(tmp, 'data'), { mode: 0o711 });
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function server(binaries: PostgresBinaries, runAs: RunAs | null, port: number, postgresFlags = ['-c', 'listen_addresses=127.0.0.1']) {
  return new PostgresServer({
    databaseDir: path.join(tmp, 'data', 'pg'),
    port,
    user: 'tester',
    password: 'a password with spaces',
    authMethod: 'scram-sha-256',
    persistent: false,
    binaries,
    runAs,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags,
    onLog: () => undefined,
    onError: () => undefined,
  });
}

async function selectOne(pg: PostgresServer): Promise<unknown> {
  const client = pg.getPgClient('postgres');
  await client.connect();
  try {
    return (await client.query('SELECT current_user AS who, 1 AS one')).rows[0];
  } finally {
    await client.end();
  }
}

/** The binaries the server account can run: as the service finds them (in place, or root's copy). */
const runnable = (): PostgresBinaries => reachableBinaries(packagedBinaries(), runAsAccount(), defaultBinaryCache(), () => undefined);

it('binaries the server account can reach are run in place', () => {
  const binaries = runnable();
  const said: string[] = [];
  expect(reachableBinaries(binaries, runAsAccount(), path.join(tmp, 'cache'), (m) => said.push(m))).toEqual(binaries);
  expect(said).toEqual([]);
  expect(fs.existsSync(path.join(tmp, 'cache'))).toBe(false);
});

/** The packaged binaries as seen through a folder only root may enter (a clone in /root, mode 700). */
function behindPrivateDirectory(packaged: PostgresBinaries): { binaries: PostgresBinaries; privateDir: string } {
  const nativeDir = path.dirname(path.dirname(packaged.initdb));
  const privateDir = path.join(tmp, 'private');
  fs.mkdirSync(privateDir, { mode: 0o700 });
  fs.symlinkSync(fs.realpathSync(nativeDir), path.join(privateDir, 'native'), 'dir');
  const hidden = (file: string) => path.join(privateDir, 'native', path.relative(nativeDir, file));
  return { binaries: { initdb: hidden(packaged.initdb), postgres: hidden(packaged.postgres) }, privateDir };
}

asRoot('as root, binaries below a private directory run from a root-owned copy, and the private directory stays closed', async () => {
  const { binaries, privateDir } = behindPrivateDirectory(packagedBinaries());
  const runAs = runAsAccount();
  const cache = path.join(tmp, 'cache');
  const said: string[] = [];

  const copied = reachableBinaries(binaries, runAs, cache, (m) => said.push(m));
  expect(copied.initdb.startsWith(`${cache}${path.sep}postgres-`)).toBe(true);
  expect(said).toEqual([expect.stringMatching(/^the postgres user cannot reach PostgreSQL's binaries in .*private.* \(a private directory above them\): running a copy in /)]);
  const copyDir = path.dirname(path.dirname(copied.initdb));
  expect(fs.lstatSync(copyDir).isDirectory()).toBe(true);
  expect([fs.statSync(copyDir).uid, fs.statSync(copyDir).mode & 0o777]).toEqual([0, 0o755]);
  // a second start finds the same copy
  expect(reachableBinaries(binaries, runAs, cache, () => undefined)).toEqual(copied);

  const pg = server(copied, runAs, await freePort());
  await pg.initialise();
  await pg.start();
  try {
    expect(await selectOne(pg)).toEqual({ who: 'tester', one: 1 });
  } finally {
    await pg.stop();
  }
  expect(fs.statSync(privateDir).mode & 0o777).toBe(0o700);
  expect(fs.existsSync(path.join(tmp, 'data', 'pg'))).toBe(false); // not persistent: removed on stop
});

asRoot('as root, a cache directory others could write is refused', () => {
  const cache = path.join(tmp, 'cache');
  fs.mkdirSync(cache);
  fs.chmodSync(cache, 0o777);
  const { binaries } = behindPrivateDirectory(packagedBinaries());
  expect(() => reachableBinaries(binaries, runAsAccount(), cache, () => undefined)).toThrow(/must be a directory owned by root and writable only by it/);
});

it('a binary that cannot be run is a clear error, not a crash', async () => {
  const notExecutable = path.join(tmp, 'initdb');
  fs.writeFileSync(notExecutable, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
  const pg = server({ initdb: notExecutable, postgres: notExecutable }, runAsAccount(), await freePort());
  await expect(pg.initialise()).rejects.toThrow(/^could not run initdb \(.*initdb\): spawn .* EACCES$/);
  await expect(pg.start()).rejects.toThrow(/^could not run postgres \(.*initdb\): spawn .* EACCES$/);
});

it('a server that stops while starting says why', async () => {
  const binaries = runnable();
  const runAs = runAsAccount();
  const port = await freePort();
  await server(binaries, runAs, port).initialise();
  const misconfigured = server(binaries, runAs, port, ['-c', 'no_such_setting=1']);
  await expect(misconfigured.start()).rejects.toThrow(/^PostgreSQL stopped while starting \(exit status 1\): .*no_such_setting/);
  expect(misconfigured.process).toBeUndefined();
});
