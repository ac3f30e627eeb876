/**
 * The PostgreSQL runner: it starts a server that answers, and a binary that cannot be run or a server
 * that stops while starting is a clear error, never an unhandled `spawn EACCES`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, packagedBinaries, runAsAccount } from '../../src/database/embedded-postgres';
import { defaultBinaryCache, reachableBinaries, type PostgresBinaries } from '../../src/database/postgres-binaries';
import { PostgresServer } from '../../src/database/postgres-server';

let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-pgserver-'));
  // reachable by the postgres user, as startEmbeddedPostgres makes a data directory
  fs.chmodSync(tmp, 0o711);
  fs.mkdirSync(path.join(tmp, 'data'), { mode: 0o711 });
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The binaries the server account can run: as the service finds them (in place, or root's copy). */
const runnable = (): PostgresBinaries => reachableBinaries(packagedBinaries(), runAsAccount(), defaultBinaryCache(), () => undefined);

function server(binaries: PostgresBinaries, port: number, postgresFlags = ['-c', 'listen_addresses=127.0.0.1']) {
  return new PostgresServer({
    databaseDir: path.join(tmp, 'data', 'pg'),
    port,
    user: 'tester',
    password: 'a password with spaces',
    authMethod: 'scram-sha-256',
    persistent: false,
    binaries,
    runAs: runAsAccount(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags,
    onLog: () => undefined,
    onError: () => undefined,
  });
}

it('initialises and starts a server that answers with the password given; stop removes a throwaway cluster', async () => {
  const pg = server(runnable(), await freePort());
  await pg.initialise();
  await pg.start();
  try {
    const client = pg.getPgClient('postgres');
    await client.connect();
    try {
      expect((await client.query('SELECT current_user AS who, 1 AS one')).rows[0]).toEqual({ who: 'tester', one: 1 });
    } finally {
      await client.end();
    }
  } finally {
    await pg.stop();
  }
  expect(pg.process).toBeUndefined();
  expect(fs.existsSync(path.join(tmp, 'data', 'pg'))).toBe(false);
});

it('a binary that cannot be run is a clear error, not a crash', async () => {
  const notExecutable = path.join(tmp, 'initdb');
  fs.writeFileSync(notExecutable, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
  const pg = server({ initdb: notExecutable, postgres: notExecutable }, await freePort());
  await expect(pg.initialise()).rejects.toThrow(/^could not run initdb \(.*initdb\): spawn .* EACCES$/);
  await expect(pg.start()).rejects.toThrow(/^could not run postgres \(.*initdb\): spawn .* EACCES$/);
});

it('a server that stops while starting says why', async () => {
  const binaries = runnable();
  const port = await freePort();
  await server(binaries, port).initialise();
  const misconfigured = server(binaries, port, ['-c', 'no_such_setting=1']);
  await expect(misconfigured.start()).rejects.toThrow(/^PostgreSQL stopped while starting \(exit status 1\): .*no_such_setting/);
  expect(misconfigured.process).toBeUndefined();
});
