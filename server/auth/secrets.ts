import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh 256-bit random secret, base64url (session ids and bearer tokens). */
export function generateSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** A short random public identifier (token ids shown in listings). */
export function generatePublicId(): string {
  return randomBytes(9).toString('base64url');
}

/** Secrets are stored only as their SHA-256: a leaked database row cannot be replayed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time string equality (hashing first makes the lengths equal). */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
