import * as crypto from 'node:crypto';

export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

export function newApiKey(): string {
  return `bhk_${crypto.randomBytes(24).toString('base64url')}`;
}
