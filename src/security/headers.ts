/**
 * Response headers (helmet): nosniff, frame and referrer policies, and a Content Security Policy that
 * allows only this origin's own scripts, so the API documentation (/docs, Swagger UI) and pages served
 * from this origin work while injected or inline scripts do not. API answers hold recipient data, so
 * no cache may keep them.
 */
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // Swagger UI's page carries <style> blocks and style attributes (styles cannot run code)
        styleSrc: ["'self'", "'unsafe-inline'"],
        // no upgrade-insecure-requests: the service is often reached over plain HTTP on a private network
      },
    },
    xFrameOptions: { action: 'deny' },
  });
}

/** `Cache-Control: no-store` on every API answer (errors too): they may hold recipient data. */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}
