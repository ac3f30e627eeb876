/**
 * Request validation: class-validator with unknown fields refused, errors flattened to JSON Pointer
 * paths so a user sees which field of which array element is wrong.
 */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { EARLIEST_DATE, isDateOnly, isStateFiscalYear, LATEST_DATE } from '../rules/dates';
import { DomainError, type FieldError } from './domain-error';

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const path = `${prefix}/${e.property}`;
    if (e.constraints) {
      for (const [rule, message] of Object.entries(e.constraints)) {
        out.push({ path, message: rule === 'whitelistValidation' ? `unknown field "${e.property}"` : message });
      }
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      return DomainError.invalid(fieldErrors, fieldErrors.map((e) => `${e.path}: ${e.message}`).join('; '));
    },
  });
}

/** A calendar date written YYYY-MM-DD (so 2026-02-30 is refused). */
export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDateOnly',
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be a calendar date written YYYY-MM-DD, from ${EARLIEST_DATE} to ${LATEST_DATE}`, ...options },
      validator: { validate: (v: unknown) => isDateOnly(v) },
    });
}

/** A 10-digit NPI whose check digit is right (Luhn over 80840 + the first nine digits). */
export function IsNpi(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNpi',
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be a 10-digit NPI with a valid check digit`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isValidNpi(v) },
    });
}

import { isValidNpi } from '../rules/npi';
export { isValidNpi };

import { Injectable, type PipeTransform } from '@nestjs/common';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID_RE.test(v);
}

/** A UUID in the URL; a malformed one is a 400 naming the parameter, not a 404 or a 500. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}
  transform(value: string): string {
    if (!isUuid(value)) throw DomainError.field(this.name, `must be a UUID, got ${JSON.stringify(value)}`);
    return value.toLowerCase();
  }
}

/** A date in the query string (`asOf`, `from`, `to`). */
export function parseDateQuery(name: string, value: unknown, fallback?: string): string {
  if (value === undefined || value === '') {
    if (fallback !== undefined) return fallback;
    throw DomainError.field(name, 'is required (YYYY-MM-DD)');
  }
  if (!isDateOnly(value)) throw DomainError.field(name, `must be a calendar date written YYYY-MM-DD, from ${EARLIEST_DATE} to ${LATEST_DATE}, got ${JSON.stringify(value)}`);
  return value;
}

/** A yes/no in the query string (`explain=true`): absent is false; anything but true or false is a 400 naming it. */
export function parseBooleanQuery(name: string, value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw DomainError.field(name, 'must be true or false');
}

/** A State fiscal year in the query string (`sfy=SFY2027`). */
export function parseSfyQuery(name: string, value: unknown, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  if (!isStateFiscalYear(value)) throw DomainError.field(name, `must look like SFY2027 (SFY1900 to SFY2200), got ${JSON.stringify(value)}`);
  return value;
}

/**
 * PATCH bodies: a field left out is unchanged, but `null` is only allowed where the field is nullable
 * (PartialType's optional fields would otherwise let it through to the database).
 */
export function rejectNulls(dto: object, fields: readonly string[]): void {
  const errors = fields.filter((f) => (dto as Record<string, unknown>)[f] === null).map((f) => ({ path: `/${f}`, message: `${f} cannot be null` }));
  if (errors.length) throw DomainError.invalid(errors);
}
