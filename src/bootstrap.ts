/**
 * Builds the HTTP application (used by main.ts, the e2e tests and the CLI's in-process mode), with
 * the web pages at `/`, and performs start-up work: migrations, the bootstrap admin key, the demo data.
 */
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ApiKeysService } from './auth/api-keys.controller';
import { API_PREFIX } from './common/api-prefix';
import { SYSTEM_ACTOR } from './auth/actor';
import { BEARER_SCHEME, BEARER_SCHEME_OPTIONS, SESSION_SCHEME, SESSION_SCHEME_DESCRIPTION } from './common/openapi';
import { problemOf, sendProblem } from './common/problem.filter';
import { SESSION_COOKIE } from './session/web-session.service';
import { createValidationPipe } from './common/validation';
import { jsonGuard } from './common/json-guard';
import type { AppConfig } from './config/config';
import { logsRequests, QuietStartupLogger, requestIdMiddleware } from './logging';
import { noStore, securityHeaders } from './security/headers';
import { serveWebPages, webPagesDir } from './web/static-pages';

export { API_PREFIX };
export const API_PREFIX_OPTIONS = { exclude: ['health'] };

/** Body-parser failures (too large, malformed JSON) as problem+json, before any route runs. */
function bodyErrorHandler(err: Error & { type?: string; status?: number; limit?: number }, _req: Request, res: Response, next: NextFunction): void {
  if (!err) return next();
  if (err.type === 'entity.too.large') {
    sendProblem(res, problemOf(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than the limit of ${err.limit} bytes`));
  } else if (err.type === 'entity.parse.failed') {
    sendProblem(res, problemOf(400, 'MALFORMED_JSON', `the request body is not valid JSON: ${err.message}`, { errors: [{ path: '', message: err.message }] }));
  } else if (err.status && err.status >= 400 && err.status < 500) {
    sendProblem(res, problemOf(err.status, `HTTP_${err.status}`, err.message));
  } else {
    next(err);
  }
}

export function buildOpenApi(app: INestApplication) {
  const doc = new DocumentBuilder()
    .setTitle('bhcheck')
    .setDescription(
      'Pre-billing checks of Illinois Medicaid community mental health claims against 89 Ill. Adm. Code Part 140 ' +
        '(140.452, 140.453, 140.454, 140.460, 140.499, Table N, Table O). Errors are RFC 9457 application/problem+json.',
    )
    .setVersion('1')
    .addBearerAuth(BEARER_SCHEME_OPTIONS, BEARER_SCHEME)
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', description: SESSION_SCHEME_DESCRIPTION }, SESSION_SCHEME)
    .build();
  return SwaggerModule.createDocument(app, doc);
}

export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(new QuietStartupLogger(app.get(PinoLogger)));
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', config.trustProxy);
  if (!logsRequests(config.logLevel)) app.use(requestIdMiddleware);
  app.use(securityHeaders());
  app.use(`/${API_PREFIX}`, noStore);
  app.use(express.json({ limit: config.jsonBodyLimit, type: ['application/json', 'application/*+json'] }));
  app.use(jsonGuard);
  app.use(bodyErrorHandler);
  serveWebPages(app, webPagesDir(config.projectRoot));
  app.setGlobalPrefix(API_PREFIX, API_PREFIX_OPTIONS);
  app.useGlobalPipes(createValidationPipe());
  // built on the first request for it, not at every start
  SwaggerModule.setup('docs', app, () => buildOpenApi(app), { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
  await app.init();
  return app;
}

/** Start-up work after migrations: BHCHECK_ADMIN_KEY. */
export async function ensureAdminKey(app: INestApplication, config: AppConfig): Promise<boolean> {
  if (!config.adminKey) return false;
  return app.get(ApiKeysService).ensureKey(SYSTEM_ACTOR, config.adminKey, { name: 'bootstrap admin (BHCHECK_ADMIN_KEY)', role: 'ADMIN', allProviders: true });
}
