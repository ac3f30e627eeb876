/**
 * The interface as a committed contract: the document the service serves is the committed
 * openapi/bhcheck.json, and it documents every operation: its answer (a schema, never `{}`), its
 * problem+json errors with an example each, and how to authenticate (an API key, not a JWT).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { documentText } from '../../scripts/write-openapi';
import { startTestApp, type TestApp } from '../support/app';

interface Media {
  schema?: { $ref?: string; type?: string; items?: { $ref?: string }; properties?: object };
  example?: unknown;
}
interface Operation {
  operationId: string;
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description: string; content?: Record<string, Media> }>;
  security?: Record<string, string[]>[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }>; securitySchemes: Record<string, Record<string, string>> };
}

const COMMITTED = path.resolve(__dirname, '../../openapi/bhcheck.json');
/** Operations anyone may call (health checks, signing in, a calendar feed's secret address). */
const PUBLIC = new Set(['HealthController_check', 'SessionController_signIn', 'CalendarFeedFileController_readFeed']);

let t: TestApp;
let doc: Document;
const operations: [string, Operation][] = [];

beforeAll(async () => {
  t = await startTestApp();
  const res = await t.http().get('/docs-json');
  expect(res.status).toBe(200);
  doc = res.body;
  for (const [p, methods] of Object.entries(doc.paths)) for (const [m, op] of Object.entries(methods)) operations.push([`${m.toUpperCase()} ${p}`, op]);
});
afterAll(async () => t?.close());

it('the served document is the committed one (npm run openapi writes it; .ci/run checks it)', () => {
  expect(documentText(doc as never)).toBe(fs.readFileSync(COMMITTED, 'utf8'));
});

it('every operation documents its answer with a schema', () => {
  const missing: string[] = [];
  for (const [name, op] of operations) {
    const ok = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
    if (!ok.length) missing.push(`${name}: no success answer`);
    for (const [status, r] of ok) {
      if (status === '204') continue;
      const media = Object.entries(r.content ?? {});
      if (!media.length) missing.push(`${name} ${status}: no content`);
      for (const [type, m] of media) {
        const s = m.schema ?? {};
        const described = s.$ref || s.items?.$ref || s.type === 'string' || (s.type === 'object' && s.properties);
        if (!described) missing.push(`${name} ${status} ${type}: ${JSON.stringify(s)}`);
      }
    }
  }
  expect(missing).toEqual([]);
});

it('every error answer is problem+json with the Problem schema and an example', () => {
  const wrong: string[] = [];
  for (const [name, op] of operations) {
    if (op.operationId === 'HealthController_check') continue; // terminus answers its own 503 body
    for (const [status, r] of Object.entries(op.responses)) {
      if (!/^[45]\d\d$/.test(status)) continue;
      const media = r.content?.['application/problem+json'];
      if (!media || media.schema?.$ref !== '#/components/schemas/ProblemView' || (media.example as { status?: number })?.status !== Number(status) || !r.description)
        wrong.push(`${name} ${status}`);
    }
  }
  expect(wrong).toEqual([]);
  expect(Object.keys(doc.components.schemas.ProblemView.properties ?? {})).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'errors']));
});

it('the errors each kind of operation can give are documented', () => {
  const missing: string[] = [];
  for (const [name, op] of operations) {
    const has = (status: number) => String(status) in op.responses;
    const need = (status: number, why: string) => !has(status) && missing.push(`${name}: ${status} (${why})`);
    if (!PUBLIC.has(op.operationId)) {
      need(401, 'needs a key');
      need(429, 'rate limited');
      need(503, 'reads the database');
    }
    if (op.parameters?.some((p) => p.in === 'path') && op.operationId !== 'CalendarFeedFileController_readFeed') {
      need(400, 'an id that is not a UUID');
      need(404, 'an id not registered');
    }
    if (op.parameters?.some((p) => p.in === 'query')) need(400, 'a bad query parameter');
    if (op.requestBody) {
      need(400, 'an invalid body');
      need(413, 'a body too large');
    }
  }
  expect(missing).toEqual([]);
});

it('security: an opaque API key as a Bearer token, or the web pages\' session cookie; public operations need neither', () => {
  expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'bhk_...' });
  expect(doc.components.securitySchemes.bearer.description).toMatch(/not a JWT/);
  expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'bhcheck_session' });
  const wrong = operations
    .filter(([, op]) => {
      const schemes = (op.security ?? []).flatMap((s) => Object.keys(s)).sort();
      return PUBLIC.has(op.operationId) ? schemes.length > 0 : schemes.join() !== 'bearer,session';
    })
    .map(([name]) => name);
  expect(wrong).toEqual([]);
});

it('the claim endpoints offer their report as CSV too', () => {
  for (const p of ['/api/v1/claims/validate', '/api/v1/claims', '/api/v1/claims/x12']) {
    expect(Object.keys(doc.paths[p].post.responses['200'].content ?? {}).sort()).toEqual(['application/json', 'text/csv']);
  }
});
