/** The web pages module: index.html for page paths, cached assets, and never in the way of the API. */
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { serveWebPages } from '../../../src/web/static-pages';

function appServing(dir: string) {
  const app = express();
  serveWebPages(app as unknown as NestExpressApplication, dir);
  app.use((_req, res) => res.status(418).send('the API'));
  return app;
}

describe('serveWebPages', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>bhcheck</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>');
  const app = appServing(dir);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['/', '/claims', '/staff/5b0e2a4c-8a5c-4d0c-9d7e-0f0a3c1f9b11', '/approvals'])('serves index.html at %s, not cached', async (p) => {
    const res = await request(app).get(p);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<title>bhcheck</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets for a year, and a missing file as a 404 problem rather than the app', async () => {
    const asset = await request(app).get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toMatch(/max-age=31536000, immutable/);
    expect((await request(app).get('/favicon.svg')).status).toBe(200);
    const missing = await request(app).get('/assets/index-gone.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
  });

  it.each([
    ['GET', '/api/v1/providers'],
    ['GET', '/api'],
    ['GET', '/docs'],
    ['GET', '/docs-json'],
    ['GET', '/health'],
    ['POST', '/'],
    ['POST', '/claims'],
  ])('leaves %s %s to the API', async (method, p) => {
    const res = method === 'GET' ? await request(app).get(p) : await request(app).post(p);
    expect(res.status).toBe(418);
  });

  it('says how to build the pages when they are not built', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-web-empty-'));
    try {
      const res = await request(appServing(empty)).get('/');
      expect(res.status).toBe(503);
      expect(res.body.detail).toMatch(/npm run build:web/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
