/** A claim as a JSON body of POST /claims: the engine's ClaimInput, with `frequency` left to its default. */
import type { ClaimInput } from '../../src/rules/facts';

export type { ClaimLineInput as ClaimLineBody } from '../../src/rules/facts';
export type ClaimBody = Omit<ClaimInput, 'frequency'> & Partial<Pick<ClaimInput, 'frequency'>>;
