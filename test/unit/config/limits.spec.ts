/** The rate-limit and proxy settings: defaults, accepted values, and refusals that name the variable. */
import { ConfigError, loadConfig } from '../../../src/config/config';

const load = (env: Record<string, string>) => loadConfig({ TZ: 'UTC', ...env });

it('defaults: 1,200 requests a minute per key; 20 failed authentications a minute per client, then 300 s refused; no proxy trusted', () => {
  expect(load({})).toMatchObject({ rateLimitPerMinute: 1200, authFailureLimit: 20, authFailureBlockSeconds: 300, trustProxy: false });
});

it.each([
  [{ BHCHECK_RATE_LIMIT: '0' }, { rateLimitPerMinute: 0 }],
  [{ BHCHECK_RATE_LIMIT: '60' }, { rateLimitPerMinute: 60 }],
  [{ BHCHECK_AUTH_FAILURE_LIMIT: '0' }, { authFailureLimit: 0 }],
  [{ BHCHECK_AUTH_FAILURE_BLOCK: '1' }, { authFailureBlockSeconds: 1 }],
  [{ BHCHECK_AUTH_FAILURE_BLOCK: '86400' }, { authFailureBlockSeconds: 86400 }],
  [{ BHCHECK_TRUST_PROXY: 'false' }, { trustProxy: false }],
  [{ BHCHECK_TRUST_PROXY: '1' }, { trustProxy: 1 }],
  [{ BHCHECK_TRUST_PROXY: 'loopback' }, { trustProxy: ['loopback'] }],
  [{ BHCHECK_TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.5, fd00::/8' }, { trustProxy: ['loopback', '10.0.0.0/8', '192.168.1.5', 'fd00::/8'] }],
])('%j is read as %j', (env, want) => {
  expect(load(env)).toMatchObject(want);
});

it.each([
  [{ BHCHECK_RATE_LIMIT: '-1' }, /^BHCHECK_RATE_LIMIT must be a whole number/],
  [{ BHCHECK_RATE_LIMIT: 'lots' }, /^BHCHECK_RATE_LIMIT must be a whole number, got "lots"/],
  [{ BHCHECK_AUTH_FAILURE_LIMIT: '1.5' }, /^BHCHECK_AUTH_FAILURE_LIMIT must be a whole number/],
  [{ BHCHECK_AUTH_FAILURE_BLOCK: '0' }, /^BHCHECK_AUTH_FAILURE_BLOCK must be between 1 and 86400, got 0/],
  [{ BHCHECK_AUTH_FAILURE_BLOCK: '86401' }, /^BHCHECK_AUTH_FAILURE_BLOCK must be between 1 and 86400/],
  [{ BHCHECK_TRUST_PROXY: 'true' }, /^BHCHECK_TRUST_PROXY must be .*; got "true" \(trusting every sender would let any client choose the address it is limited by\)$/],
  [{ BHCHECK_TRUST_PROXY: '11' }, /^BHCHECK_TRUST_PROXY must be between 1 and 10/],
  [{ BHCHECK_TRUST_PROXY: '10.0.0.0/33' }, /^BHCHECK_TRUST_PROXY must be .*; got "10.0.0.0\/33"$/],
  [{ BHCHECK_TRUST_PROXY: 'loopback,proxy.local' }, /^BHCHECK_TRUST_PROXY must be .*; got "proxy.local"$/],
])('%j is refused', (env, message) => {
  expect(() => load(env)).toThrow(ConfigError);
  expect(() => load(env)).toThrow(message);
});

it('enrollment: a criterion is EXPIRING within 60 days of its evidence lapsing unless BHCHECK_ENROLLMENT_EXPIRING_DAYS says otherwise', () => {
  expect(load({}).enrollmentExpiringDays).toBe(60);
  expect(load({ BHCHECK_ENROLLMENT_EXPIRING_DAYS: '0' }).enrollmentExpiringDays).toBe(0);
  expect(load({ BHCHECK_ENROLLMENT_EXPIRING_DAYS: '90' }).enrollmentExpiringDays).toBe(90);
  expect(() => load({ BHCHECK_ENROLLMENT_EXPIRING_DAYS: 'soon' })).toThrow(/^BHCHECK_ENROLLMENT_EXPIRING_DAYS must be a whole number, got "soon"/);
  expect(() => load({ BHCHECK_ENROLLMENT_EXPIRING_DAYS: '367' })).toThrow(/^BHCHECK_ENROLLMENT_EXPIRING_DAYS must be between 0 and 366, got 367/);
});
