/**
 * Turns a request body (one claim, or `{ claims: [...] }`) into engine input, or a 400 naming every bad
 * field with its JSON Pointer (`/claims/2/lines/0/dateOfService`).
 */
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError, type FieldError } from '../common/domain-error';
import { assertJsonInput } from '../common/json-guard';
import { flattenValidationErrors } from '../common/validation';
import type { ClaimInput } from '../rules/facts';
import { runAtOnce } from '../rules/steps';
import { plainlyValid } from '../common/quick-validation';
import { ClaimDto, ClaimLineDto } from './claim.dto';

export interface ParsedClaims {
  claims: ClaimInput[];
  /** the body was `{ claims: [...] }` */
  batch: boolean;
  lineCount: number;
}

/**
 * Whether class-validator would find nothing wrong with this claim (ClaimDto with its lines, whitelist,
 * unknown fields forbidden), from the DTO's own decorators compiled once (src/common/quick-validation.ts);
 * test/unit/claims/claim-input.spec.ts compares the two.
 */
export const plainlyValidClaim = plainlyValid(ClaimDto, { lines: ClaimLineDto }) as (c: unknown) => c is ClaimDto;

/** The claim as class-transformer would build it, for a claim plainlyValidClaim accepted (its lines ClaimLineDto, with their fields). */
function asDto(c: ClaimDto): ClaimDto {
  return { ...c, lines: c.lines.map((l) => Object.assign(new ClaimLineDto(), l)) } as ClaimDto;
}

function crossFieldErrors(c: ClaimDto, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!c.providerId && !c.billingNpi) errors.push({ path: `${prefix}/providerId`, message: 'give providerId or billingNpi' });
  if (!c.recipientId && !c.medicaidId) errors.push({ path: `${prefix}/recipientId`, message: 'give recipientId or medicaidId' });
  c.lines.forEach((l, i) => {
    if (!l.service && !l.procedureCode) errors.push({ path: `${prefix}/lines/${i}/procedureCode`, message: 'give procedureCode (with modifiers) or service' });
    if (!l.renderingStaffId && !l.renderingNpi) errors.push({ path: `${prefix}/lines/${i}/renderingStaffId`, message: 'give renderingStaffId or renderingNpi' });
    if (l.groupStaff !== undefined && l.groupSize === undefined) errors.push({ path: `${prefix}/lines/${i}/groupSize`, message: 'groupStaff needs groupSize' });
  });
  return errors;
}

export interface ParseOptions {
  /** accept a plainly valid claim without class-validator (plainlyValidClaim); false: class-validator on every claim, as the tests compare */
  quickSchemaCheck?: boolean;
}

export function parseClaimsBody(body: unknown, maxLines: number, options: ParseOptions = {}): ParsedClaims {
  return runAtOnce(parseClaimsBodyInSteps(body, maxLines, options));
}

/** Claims checked against their schema between two steps (class-validator takes about as long as the rules). */
const CLAIMS_PER_STEP = 25;

/** parseClaimsBody in steps (src/common/steps.ts): the service gives way to other requests between them. */
export function* parseClaimsBodyInSteps(body: unknown, maxLines: number, options: ParseOptions = {}): Generator<void, ParsedClaims, void> {
  const quick = options.quickSchemaCheck !== false;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw DomainError.field('', 'the body must be a claim object, or { "claims": [ ... ] }');
  }
  // the HTTP edge checks this too; the CLI's JSON files come here directly
  assertJsonInput(body);
  const obj = body as Record<string, unknown>;
  const batch = 'claims' in obj;
  if (batch) {
    const extra = Object.keys(obj).filter((k) => k !== 'claims');
    if (extra.length) throw DomainError.invalid(extra.map((k) => ({ path: `/${k}`, message: `unknown field "${k}"` })));
    if (!Array.isArray(obj.claims) || obj.claims.length === 0) throw DomainError.field('/claims', 'must be a non-empty array of claims');
  }
  const raw = batch ? (obj.claims as unknown[]) : [obj];
  const lineCount = raw.reduce<number>((n, c) => n + (c && typeof c === 'object' && Array.isArray((c as { lines?: unknown }).lines) ? (c as { lines: unknown[] }).lines.length : 0), 0);
  if (lineCount > maxLines) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `${lineCount} claim lines in one request; the limit is ${maxLines} (BHCHECK_MAX_LINES): send smaller batches`);
  }
  const errors: FieldError[] = [];
  const claims: ClaimInput[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (i > 0 && i % CLAIMS_PER_STEP === 0) yield;
    const plain = raw[i];
    const prefix = batch ? `/claims/${i}` : '';
    if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
      errors.push({ path: prefix || '/', message: 'must be a claim object' });
      continue;
    }
    let dto: ClaimDto;
    if (quick && plainlyValidClaim(plain)) {
      dto = asDto(plain);
    } else {
      dto = plainToInstance(ClaimDto, plain);
      const found = flattenValidationErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }), prefix);
      if (found.length) {
        errors.push(...found);
        continue;
      }
    }
    const cross = crossFieldErrors(dto, prefix);
    if (cross.length) {
      errors.push(...cross);
      continue;
    }
    claims.push({
      claimId: dto.claimId,
      // registry ids are stored in lower case; a UUID may be written in either
      providerId: dto.providerId?.toLowerCase(),
      billingNpi: dto.billingNpi,
      recipientId: dto.recipientId?.toLowerCase(),
      medicaidId: dto.medicaidId,
      frequency: dto.frequency ?? 'ORIGINAL',
      placeOfService: dto.placeOfService,
      diagnoses: dto.diagnoses,
      lines: dto.lines.map((l) => ({ ...l, renderingStaffId: l.renderingStaffId?.toLowerCase() })),
    });
  }
  if (errors.length) throw DomainError.invalid(errors, `${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.slice(0, 5).map((e) => `${e.path} ${e.message}`).join('; ')}`);
  return { claims, batch, lineCount };
}
