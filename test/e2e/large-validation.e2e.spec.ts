/**
 * A large validation gives way to small ones (no timing here: bench/claims-validate.bench.ts measures
 * how long). Once a 20,000-line request has its registry answers and only checking and answering are
 * left, a one-line request sent then is checked whole first: the large one's work runs in steps with
 * the event loop free between them. Both answers are whole and the large report is the JSON of every claim.
 */
import type { AddressInfo } from 'node:net';
import { ClaimContextLoader } from '../../src/claims/claim-context.loader';
import { ClaimsService } from '../../src/claims/claims.service';
import { auth, DEMO_KEYS, startTestApp, type TestApp } from '../support/app';
import { augustPlus, prairieClaim, R_ADULT_MEDICAID_ID, tcmLine } from '../support/claim-body';

const LINES = 20_000;
const LINES_PER_CLAIM = 8;

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  await t.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
});
afterAll(async () => t?.close());

interface Report {
  claims: { lines: unknown[] }[];
  caps: unknown[];
}

const validate = (body: unknown): Promise<{ status: number; body: Report }> =>
  fetch(`${base}/api/v1/claims/validate`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth(DEMO_KEYS.billingPrairie) }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Report }));

it('a one-line validation sent while a 20,000-line one is being checked is checked before it', async () => {
  const claims = Array.from({ length: LINES / LINES_PER_CLAIM }, (_, c) =>
    prairieClaim(
      `BIG-${c}`,
      R_ADULT_MEDICAID_ID,
      Array.from({ length: LINES_PER_CLAIM }, (_, l) => tcmLine(String(l + 1), augustPlus((c * LINES_PER_CLAIM + l) % 150), 1)),
    ),
  );
  // the moment the large request's registry answers are loaded: from then on it only checks and answers
  const loader = t.app.get(ClaimContextLoader);
  const load = loader.load.bind(loader);
  let largeLoaded!: () => void;
  const loaded = new Promise<void>((resolve) => (largeLoaded = resolve));
  jest.spyOn(loader, 'load').mockImplementation(async (...args) => {
    const out = await load(...args);
    if (args[1].length > 1) largeLoaded();
    return out;
  });
  // the order in which the service finished checking each (not when the client had read each answer)
  const service = t.app.get(ClaimsService);
  const check = service.validate.bind(service);
  const checked: string[] = [];
  jest.spyOn(service, 'validate').mockImplementation(async (...args) => {
    const out = await check(...args);
    checked.push(args[1].length > 1 ? 'large' : 'small');
    return out;
  });

  const large = validate({ claims });
  await loaded;
  const small = validate(prairieClaim('SMALL-1', R_ADULT_MEDICAID_ID, [tcmLine('1', augustPlus(10), 2)]));
  const [l, s] = await Promise.all([large, small]);

  expect(checked).toEqual(['small', 'large']);
  expect(s.status).toBe(200);
  expect(s.body.claims).toHaveLength(1);
  expect(l.status).toBe(200);
  expect(l.body.claims).toHaveLength(claims.length);
  expect(l.body.claims.reduce((n, c) => n + c.lines.length, 0)).toBe(LINES);
  expect(l.body.caps.length).toBeGreaterThan(0);
});
