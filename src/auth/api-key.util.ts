import * as crypto from 'node:crypto';
import type { ApiKeyEntity } from '../database/entities';
import type { Actor } from './actor';

export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

export function newApiKey(): string {
  return `bhk_${crypto.randomBytes(24).toString('base64url')}`;
}

/** The caller a stored key stands for; null when it has been revoked. */
export function actorOfKey(row: ApiKeyEntity | null): Actor | null {
  return row && !row.revokedAt ? { keyId: row.id, name: row.name, role: row.role, providerIds: row.providerIds, allProviders: row.allProviders } : null;
}
