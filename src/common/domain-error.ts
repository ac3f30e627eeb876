/**
 * Errors the services raise, with a stable code. Only the HTTP edge (ProblemFilter) maps codes to
 * status codes, so services and the CLI share them.
 */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'VALIDATION_FAILED'
  | 'CONFLICT'
  | 'EVENT_NOT_ALLOWED'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNPROCESSABLE_INPUT';

export interface FieldError {
  /** JSON Pointer (RFC 6901) to the bad field, e.g. `/licenses/0/expiresOn` */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} ${id} is not registered`);
  }

  static invalid(errors: FieldError[], message = 'The request has invalid fields'): DomainError {
    return new DomainError('VALIDATION_FAILED', message, errors);
  }

  static field(path: string, message: string): DomainError {
    return DomainError.invalid([{ path, message }], `${path}: ${message}`);
  }

  static conflict(message: string, extra: Record<string, unknown> = {}): DomainError {
    return new DomainError('CONFLICT', message, [], extra);
  }

  static forbidden(message: string): DomainError {
    return new DomainError('FORBIDDEN', message);
  }
}
