/**
 * What no parsed request may carry, whatever the endpoint: nesting deeper than any bhcheck body needs
 * (class-transformer and the canonical-JSON hash recurse, and would overflow the stack), the NUL
 * character, which PostgreSQL text and jsonb refuse, and a lone UTF-16 surrogate (`\ud800` in JSON),
 * which jsonb refuses and text would store as U+FFFD. Checked once, iteratively, before a route runs.
 */
import type { NextFunction, Request, Response } from 'express';
import { DomainError, type FieldError } from './domain-error';
import { problemOf, sendProblem } from './problem.filter';

/** The deepest body bhcheck takes is a claim batch: { claims: [ { lines: [ { modifiers: [ ] } ] } ] } (5). */
export const MAX_JSON_DEPTH = 32;
const MAX_REPORTED = 20;

const NUL_MESSAGE = 'contains a NUL character (\\u0000), which cannot be stored';
const SURROGATE_MESSAGE = 'is not valid Unicode: it holds half of a UTF-16 surrogate pair, which cannot be stored';
/** a high surrogate not followed by a low one, or a low one not preceded by a high one */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with a string that would be stored, or null. */
function stringProblem(v: string): string | null {
  if (v.includes('\u0000')) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(v)) return SURROGATE_MESSAGE;
  return null;
}

/** RFC 6901: `~` and `/` in a member name are written `~0` and `~1`. */
function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Problems of a parsed JSON value, each at its JSON Pointer under `root`. */
export function jsonInputProblems(value: unknown, root = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length && errors.length < MAX_REPORTED) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = stringProblem(v);
      if (problem) errors.push({ path: path || '/', message: problem });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      errors.push({ path: path || '/', message: `is nested more than ${MAX_JSON_DEPTH} levels deep` });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}/${i}`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const at = `${path}/${pointerToken(key)}`;
      const problem = stringProblem(key);
      if (problem) errors.push({ path: at, message: `the member name ${problem}` });
      stack.push({ v: (v as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return errors;
}

/** Throws the 400 for a value with problems (the CLI and the claim intake call this too). */
export function assertJsonInput(value: unknown, root = ''): void {
  const errors = jsonInputProblems(value, root);
  if (errors.length) throw DomainError.invalid(errors, errors.map((e) => `${e.path}: ${e.message}`).join('; '));
}

/** Query parameters are named bare (`name`), as elsewhere. */
function queryProblems(query: Request['query']): FieldError[] {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    const problem = [name, ...values].map((v) => (typeof v === 'string' ? stringProblem(v) : null)).find((p) => p);
    if (problem) errors.push({ path: name, message: problem });
  }
  return errors;
}

/** Express middleware, after the JSON body parser: a 400 problem+json naming every place, before any route. */
export function jsonGuard(req: Request, res: Response, next: NextFunction): void {
  const errors = [...queryProblems(req.query), ...(req.body !== undefined ? jsonInputProblems(req.body) : [])];
  if (!errors.length) return next();
  sendProblem(res, problemOf(400, 'VALIDATION_FAILED', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors }));
}
