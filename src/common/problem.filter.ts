/**
 * Every error leaves as RFC 9457 application/problem+json: type, title, status, detail, instance, and
 * for validation errors `errors: [{ path, message }]`. A 500 is logged with its stack and never
 * shows internals.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../database/unavailable';
import { DomainError, type DomainErrorCode, type FieldError } from './domain-error';

const STATUS: Record<DomainErrorCode, number> = {
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  CONFLICT: 409,
  EVENT_NOT_ALLOWED: 409,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_INPUT: 422,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code?: string;
  errors?: FieldError[];
  [k: string]: unknown;
}

export const PROBLEM_BASE = 'https://bhcheck.example/problems/';

export function problemOf(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: `${PROBLEM_BASE}${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? HttpStatus[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  };
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = this.toProblem(exception);
    problem.instance = req.originalUrl?.split('?')[0];
    if (problem.status === 503) this.logger.warn(`database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
    else if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) return;
    if (problem.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    sendProblem(res, problem);
  }

  toProblem(exception: unknown): Problem {
    if (isDatabaseUnavailable(exception)) {
      return problemOf(503, 'DATABASE_UNAVAILABLE', `the database cannot be reached just now; retry in ${RETRY_AFTER_SECONDS} seconds`);
    }
    if (exception instanceof DomainError) {
      const status = STATUS[exception.code];
      return problemOf(status, exception.code, exception.message, {
        ...(exception.errors.length ? { errors: exception.errors } : {}),
        ...exception.extra,
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      const code = status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 429 ? 'TOO_MANY_REQUESTS' : `HTTP_${status}`;
      return problemOf(status, code, Array.isArray(message) ? message.join('; ') : String(message));
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception as QueryFailedError & { driverError?: { code?: string; constraint?: string; detail?: string } }).driverError;
      if (pgCode?.code === '23505') return problemOf(409, 'CONFLICT', `already registered (${pgCode.constraint ?? 'unique'}): ${pgCode.detail ?? ''}`.trim());
      if (pgCode?.code === '23503') return problemOf(409, 'CONFLICT', `refers to a record that does not exist or is still referenced (${pgCode.constraint ?? 'foreign key'})`);
      if (pgCode?.code === '22P02' || pgCode?.code === '22007' || pgCode?.code === '22008' || pgCode?.code === '22001') return problemOf(400, 'VALIDATION_FAILED', 'a value has the wrong format or is too long');
      if (pgCode?.code === '23502') {
        const column = (pgCode as { column?: string }).column;
        return problemOf(400, 'VALIDATION_FAILED', `a required value is missing${column ? ` (${column})` : ''}`);
      }
    }
    return problemOf(500, 'INTERNAL', 'An unexpected error occurred; it has been logged.');
  }
}
