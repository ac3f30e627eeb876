/**
 * What no parsed request may carry, whatever the endpoint: nesting deeper than any bhcheck body needs
 * (class-transformer and the canonical-JSON hash recurse, and would overflow the stack), and the NUL
 * character, which PostgreSQL text and jsonb refuse. Checked once, iteratively, before a route runs.
 */
import type { NextFunction, Request, Response } from 'express';
import { DomainError, type FieldError } from './domain-error';
import { problemOf, sendProblem } from './problem.filter';

/** The deepest body bhcheck takes is a claim batch: { claims: [ { lines: [ { modifiers: [ ] } ] } ] } (5). */
export const MAX_JSON_DEPTH = 32;
const MAX_REPORTED = 20;

const NUL_MESSAGE = 'contains a NUL character (\\u0000), which cannot be stored';

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
      if (v.includes('\u0000')) errors.push({ path: path || '/', message: NUL_MESSAGE });
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
      if (key.includes('\u0000')) errors.push({ path: at, message: `the member name ${NUL_MESSAGE}` });
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
    if (name.includes('\u0000') || values.some((v) => typeof v === 'string' && v.includes('\u0000'))) errors.push({ path: name, message: NUL_MESSAGE });
  }
  return errors;
}

/** Express middleware, after the JSON body parser: a 400 problem+json naming every place, before any route. */
export function jsonGuard(req: Request, res: Response, next: NextFunction): void {
  const errors = [...queryProblems(req.query), ...(req.body !== undefined ? jsonInputProblems(req.body) : [])];
  if (!errors.length) return next();
  sendProblem(res, problemOf(400, 'VALIDATION_FAILED', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors }));
}
