/** Who is calling: the API key's role and the providers it may see. */
import type { Role } from '../rules/vocabulary';
import { DomainError } from '../common/domain-error';

export interface Actor {
  keyId: string | null;
  name: string;
  role: Role;
  /** ignored when allProviders */
  providerIds: string[];
  allProviders: boolean;
  requestId?: string;
}

/** The actor an API key acts as (the key row's role and provider scope). */
export function actorOfKey(key: { id: string; name: string; role: Role; providerIds: string[]; allProviders: boolean }): Actor {
  return { keyId: key.id, name: key.name, role: key.role, providerIds: key.providerIds, allProviders: key.allProviders };
}

/** The system itself (start-up, demo loading, the CLI acting for its user). */
export const SYSTEM_ACTOR: Actor = { keyId: null, name: 'system', role: 'ADMIN', providerIds: [], allProviders: true };

export function canSeeProvider(actor: Actor, providerId: string): boolean {
  return actor.allProviders || actor.role === 'ADMIN' || actor.providerIds.includes(providerId);
}

export function assertProviderInScope(actor: Actor, providerId: string): void {
  if (!canSeeProvider(actor, providerId)) {
    throw DomainError.forbidden(`this API key may not act for provider ${providerId}`);
  }
}

/** null: every provider */
export function providerScope(actor: Actor): string[] | null {
  return actor.allProviders || actor.role === 'ADMIN' ? null : actor.providerIds;
}
