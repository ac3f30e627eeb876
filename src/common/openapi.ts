/**
 * What the OpenAPI document says about every operation besides its own answer: the security schemes
 * (an API key as a Bearer token, or the web pages' session cookie), one Problem schema for every
 * error (RFC 9457), and decorators that attach them with an example per status, so no handler writes
 * those blocks by hand.
 */
import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { RETRY_AFTER_SECONDS } from '../database/unavailable';
import { problemOf, type Problem } from './problem.filter';

export const BEARER_SCHEME = 'bearer';
export const SESSION_SCHEME = 'session';

export const BEARER_SCHEME_OPTIONS = {
  type: 'http' as const,
  scheme: 'bearer',
  bearerFormat: 'bhk_...',
  description:
    'An API key sent as "Authorization: Bearer bhk_..." (an opaque key issued by POST /api/v1/api-keys, not a JWT). ' +
    'Its role and providers decide what it may do and see.',
};

export const SESSION_SCHEME_DESCRIPTION =
  "The web pages' session cookie (POST /api/v1/session exchanges an API key for it; HttpOnly, SameSite=Strict). " +
  "A change made with it (any method but GET/HEAD) must send the session's CSRF token as X-CSRF-Token.";

export class FieldErrorView {
  @ApiProperty({ example: '/licenses/0/expiresOn', description: 'a JSON Pointer into the body, or the name of the URL or query parameter' }) path!: string;
  @ApiProperty({ example: 'must be a calendar date written YYYY-MM-DD' }) message!: string;
}

export class X12ProblemLocation {
  @ApiProperty({ enum: ['X12_SYNTAX', 'X12_ENVELOPE', 'X12_STRUCTURE', 'X12_ELEMENT', 'X12_NOT_837P'] }) code!: string;
  @ApiProperty({ description: '1-based segment number in the file' }) segmentIndex!: number;
  @ApiProperty({ example: 'NM1' }) segmentId!: string;
}

/** RFC 9457 problem details, as every error leaves bhcheck (src/common/problem.filter.ts). */
export class ProblemView {
  @ApiProperty({ example: 'https://bhcheck.example/problems/validation-failed' }) type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ description: 'what went wrong, in a sentence' }) detail!: string;
  @ApiPropertyOptional({ description: 'the path of the request' }) instance?: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'stable code: VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, EVENT_NOT_ALLOWED, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, UNPROCESSABLE_INPUT, TOO_MANY_REQUESTS, DATABASE_UNAVAILABLE, ...' })
  code!: string;
  @ApiPropertyOptional({ type: [FieldErrorView], description: 'each invalid field (400), or each claim that cannot be recorded as sent (409)' }) errors?: FieldErrorView[];
  @ApiPropertyOptional({ description: 'a refused Table N event (409): the rule that refused it' }) citation?: string;
  @ApiPropertyOptional({ description: 'a refused Table N event (409): why' }) reason?: string;
  @ApiPropertyOptional({ description: 'a refused Table N event (409): the stable ID of the guard that refused it' }) guardId?: string;
  @ApiPropertyOptional({ enum: ['ENDED', 'EXPIRED', 'KEY_REVOKED'], description: 'a 401 to the session cookie: why the session no longer works' }) session?: string;
  @ApiPropertyOptional({ type: X12ProblemLocation, description: 'a refused X12 file (422): where it went wrong' }) x12?: X12ProblemLocation;
}

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

const PROBLEMS: Record<ProblemStatus, { description: string; example: Problem }> = {
  400: {
    description: 'Invalid input: each bad field is named in `errors` (a JSON Pointer into the body, or the parameter name); nothing was changed',
    example: problemOf(400, 'VALIDATION_FAILED', 'The request has invalid fields', { errors: [{ path: '/lines/0/dateOfService', message: 'must be a calendar date written YYYY-MM-DD' }] }),
  },
  401: {
    description: 'No API key, or one that is unknown, revoked or whose holder\'s employment has ended; from the web pages, a session that ended (`session`)',
    example: problemOf(401, 'UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>"'),
  },
  403: {
    description: 'The key\'s role may not do this, or the record belongs to a provider the key may not see; with the session cookie, a change without its CSRF token or from another site',
    example: problemOf(403, 'FORBIDDEN', 'this API key may not act for provider 5d1c8a0e-7f5b-4c43-9a8e-2f5d7c1b9e40'),
  },
  404: {
    description: 'Not registered, or not visible to this key',
    example: problemOf(404, 'NOT_FOUND', 'recipient 0c6f3a55-1d2e-4b7a-8f90-3e4d5c6b7a81 is not registered'),
  },
  409: {
    description: 'Conflicts with what is recorded; nothing was changed',
    example: problemOf(409, 'CONFLICT', 'already registered (uq_providers_npi): Key (npi)=(1648123457) already exists.'),
  },
  413: {
    description: 'The body is larger than the limit (BHCHECK_BODY_LIMIT, BHCHECK_X12_LIMIT), or holds more claim lines than BHCHECK_MAX_LINES',
    example: problemOf(413, 'PAYLOAD_TOO_LARGE', '25000 claim lines in one request; the limit is 20000 (BHCHECK_MAX_LINES): send smaller batches'),
  },
  415: {
    description: 'The body is not in a media type this operation takes',
    example: problemOf(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the 837P file as application/edi-x12 or text/plain, not "application/json"'),
  },
  422: {
    description: 'The file is not a well-formed X12 837P: `x12` names the segment where it went wrong; nothing was checked or recorded',
    example: problemOf(422, 'UNPROCESSABLE_INPUT', 'the file is not a well-formed X12 837P: segment 9 (NM1): NM101 "QQ" is not a code this loop allows', {
      x12: { code: 'X12_STRUCTURE', segmentIndex: 9, segmentId: 'NM1' },
    }),
  },
  429: {
    description: 'Over this key\'s request rate (BHCHECK_RATE_LIMIT), or too many failed authentications from this client; retry after Retry-After seconds',
    example: problemOf(429, 'TOO_MANY_REQUESTS', 'more than 1200 requests in a minute with this API key; try again in 42 s'),
  },
  503: {
    description: `The database cannot be reached just now; retry after Retry-After (${RETRY_AFTER_SECONDS}) seconds`,
    example: problemOf(503, 'DATABASE_UNAVAILABLE', `the database cannot be reached just now; retry in ${RETRY_AFTER_SECONDS} seconds`),
  },
};

export interface ProblemSpec {
  status: ProblemStatus;
  /** what this status means for this operation (default: the general meaning) */
  description?: string;
  example?: Problem;
}

/** The problem+json answers of an operation (or of every operation of a controller), each with an example. */
export function ApiProblems(...specs: (ProblemStatus | ProblemSpec)[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemView),
    ...specs.map((spec) => {
      const { status, description, example } = typeof spec === 'number' ? { status: spec } : spec;
      return ApiResponse({
        status,
        description: description ?? PROBLEMS[status].description,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemView) }, example: example ?? PROBLEMS[status].example } },
      });
    }),
  );
}

/**
 * For controllers whose every operation needs a key (or the session cookie): the two schemes, and the
 * problems every such operation may answer.
 */
export function ApiAuthenticated(): ClassDecorator & MethodDecorator {
  return applyDecorators(ApiBearerAuth(BEARER_SCHEME), ApiCookieAuth(SESSION_SCHEME), ApiProblems(401, 403, 429, 503));
}

/** A JSON answer; with `csv`, also text/csv (Accept: text/csv) with an example of its first lines. */
export function ApiAnswer(status: 200 | 201, type: Type<unknown> | [Type<unknown>], options: { description?: string; csv?: string } = {}): MethodDecorator {
  const model = Array.isArray(type) ? type[0] : type;
  const schema = Array.isArray(type) ? { type: 'array' as const, items: { $ref: getSchemaPath(model) } } : { $ref: getSchemaPath(model) };
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status,
      description: options.description ?? (status === 201 ? 'Created' : 'OK'),
      content: {
        'application/json': { schema },
        ...(options.csv ? { 'text/csv': { schema: { type: 'string' as const, description: 'UTF-8 with a byte order mark, CRLF rows' }, example: options.csv } } : {}),
      },
    }),
  );
}

const pages = new Map<Type<unknown>, Type<unknown>>();

/** The schema of a page of `item` (`{ items, total, limit, offset }`), named `<Item>Page`. */
export function PageOf(item: Type<unknown>): Type<unknown> {
  let page = pages.get(item);
  if (!page) {
    class PageView {
      @ApiProperty({ type: [item] }) items!: unknown[];
      @ApiProperty({ description: 'items matching the filters, on every page' }) total!: number;
      @ApiProperty() limit!: number;
      @ApiProperty() offset!: number;
    }
    Object.defineProperty(PageView, 'name', { value: `${item.name.replace(/View$/, '')}Page` });
    page = PageView;
    pages.set(item, page);
  }
  return page;
}
