/**
 * The web pages: the single-page app built into web/dist (`npm run build:web`), served at `/` by the
 * service itself. Hashed assets are cached for good; every other page path gets index.html, which the
 * app routes in the browser. The API (/api), its docs (/docs) and /health are never shadowed.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { problemOf, sendProblem } from '../common/problem.filter';

const NOT_PAGES = /^\/(api|docs|docs-json|health)(\/|$)/;

export function webPagesDir(projectRoot: string): string {
  return path.join(projectRoot, 'web', 'dist');
}

export function serveWebPages(app: NestExpressApplication, dir: string): void {
  const index = path.join(dir, 'index.html');
  app.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_PAGES.test(req.path)) return next();
    if (/\.[a-z0-9]+$/i.test(req.path)) {
      // a file next to index.html (favicon.svg), or a 404 rather than the app for a missing one
      return express.static(dir, { index: false, maxAge: '1h' })(req, res, () => sendProblem(res, problemOf(404, 'NOT_FOUND', `no file ${req.path}`)));
    }
    if (!fs.existsSync(index)) {
      return sendProblem(res, problemOf(503, 'WEB_PAGES_NOT_BUILT', 'the web pages are not built: run `npm run build:web` (npm start does it)'));
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
