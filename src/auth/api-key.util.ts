import * as crypto from 'node:crypto';

/** SHA-256 (hex) of a secret handed out once (an API key, a calendar feed token): only the hash is stored. */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

export const hashApiKey = hashSecret;

export function newApiKey(): string {
  return `bhk_${crypto.randomBytes(24).toString('base64url')}`;
}

/** A calendar feed's secret: 256 random bits, URL-safe. */
export function newFeedToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}
