/** Start-up settings: the two database URLs are checked once, and a mistake names its variable. */
import { ConfigError, describeDatabaseUrl, loadConfig } from '../../../src/config/config';
import { isDatabaseUnavailable } from '../../../src/database/unavailable';

const RUNTIME = 'postgres://bhcheck_app:app-secret@db.example:5432/bhcheck';
const OWNER = 'postgres://bhcheck_owner:owner-secret@db.example:5432/bhcheck';

describe('DATABASE_URL and DATABASE_OWNER_URL', () => {
  it('accepts the runtime role alone (the embedded database when neither is set) or with its owner', () => {
    expect(loadConfig({})).toMatchObject({ databaseUrl: null, databaseOwnerUrl: null });
    expect(loadConfig({ DATABASE_URL: RUNTIME })).toMatchObject({ databaseUrl: RUNTIME, databaseOwnerUrl: null });
    expect(loadConfig({ DATABASE_URL: RUNTIME, DATABASE_OWNER_URL: OWNER })).toMatchObject({ databaseUrl: RUNTIME, databaseOwnerUrl: OWNER });
    // the default port is the same port
    expect(loadConfig({ DATABASE_URL: 'postgresql://app:x@db.example/bhcheck', DATABASE_OWNER_URL: OWNER }).databaseOwnerUrl).toBe(OWNER);
  });

  it.each([
    ['not a URL', { DATABASE_URL: 'db.example:5432' }, /^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL$/],
    ['another scheme', { DATABASE_URL: 'mysql://a:b@db/x' }, /^DATABASE_URL must be a postgres/],
    ['an owner URL that is not one', { DATABASE_URL: RUNTIME, DATABASE_OWNER_URL: 'owner' }, /^DATABASE_OWNER_URL must be a postgres/],
    ['an owner without the runtime role', { DATABASE_OWNER_URL: OWNER }, /^DATABASE_OWNER_URL is set but DATABASE_URL is not/],
    ['another database', { DATABASE_URL: RUNTIME, DATABASE_OWNER_URL: OWNER.replace(/\/bhcheck$/, '/other') }, /^DATABASE_OWNER_URL must name the same server and database as DATABASE_URL \(db\.example:5432\/other is not db\.example:5432\/bhcheck\)/],
    ['another server', { DATABASE_URL: RUNTIME, DATABASE_OWNER_URL: OWNER.replace('db.example', 'db2.example') }, /^DATABASE_OWNER_URL must name the same server/],
    ['the same role twice', { DATABASE_URL: RUNTIME, DATABASE_OWNER_URL: RUNTIME }, /^DATABASE_OWNER_URL and DATABASE_URL both name the role "bhcheck_app"/],
    ['a runtime URL without its role', { DATABASE_URL: 'postgres://db.example/bhcheck', DATABASE_OWNER_URL: OWNER.replace(':5432', '') }, /^DATABASE_URL must name its role/],
  ])('refuses %s, naming the variable', (_what, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('shows a database URL without its password', () => {
    expect(describeDatabaseUrl(RUNTIME)).toBe('PostgreSQL bhcheck_app@db.example:5432/bhcheck');
    expect(describeDatabaseUrl('postgresql://db.example/bhcheck')).toBe('PostgreSQL db.example:5432/bhcheck');
  });
});

describe('a database that cannot be reached', () => {
  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), true],
    ['every address refused', new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })], ''), true],
    ['the server shutting down', { message: 'terminating connection due to administrator command', code: '57P01' }, true],
    ['the server starting up', { message: 'the database system is starting up', code: '57P03' }, true],
    ['too many connections', { code: '53300' }, true],
    ['a lost connection', new Error('Connection terminated unexpectedly'), true],
    ['a connect timeout', new Error('timeout exceeded when trying to connect'), true],
    ['inside a TypeORM error', { message: 'x', driverError: { code: '08006' } }, true],
    ['a unique violation', { code: '23505', message: 'duplicate key' }, false],
    ['a permission refused', { code: '42501', message: 'permission denied for table audit_log' }, false],
    ['a bug', new TypeError('x is undefined'), false],
    ['nothing', undefined, false],
  ])('%s', (_what, error, unavailable) => {
    expect(isDatabaseUnavailable(error)).toBe(unavailable);
  });
});
