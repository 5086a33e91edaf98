import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API key rules (obligation: TEN-2). A key reads `skr_<tenantId>_<keyId>_<secret>`: the ids let
 * the authorizer fetch exactly one item inside the tenant's partition; the 256-bit secret is
 * stored only as its SHA-256 (a slow hash adds nothing for a random secret of that size).
 */
const TOKEN = /^skr_([0-9a-z]{26})_([0-9a-z]{26})_([A-Za-z0-9_-]{43})$/;

export interface ParsedKey {
  tenantId: string;
  keyId: string;
  secret: string;
}

export function parseApiKey(token: string): ParsedKey | undefined {
  const match = TOKEN.exec(token);
  if (!match) return undefined;
  return { tenantId: match[1]!, keyId: match[2]!, secret: match[3]! };
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function formatApiKey(tenantId: string, keyId: string, secret: string): string {
  return `skr_${tenantId}_${keyId}_${secret}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export interface KeyLifecycle {
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
}

export type KeyStatus = 'active' | 'expiring' | 'expired' | 'revoked';

export function keyStatus(key: KeyLifecycle, now: Date): KeyStatus {
  if (key.revokedAt !== undefined) return 'revoked';
  if (key.expiresAt === undefined) return 'active';
  return Date.parse(key.expiresAt) > now.getTime() ? 'expiring' : 'expired';
}

export function keyIsUsable(key: KeyLifecycle, now: Date): boolean {
  const status = keyStatus(key, now);
  return status === 'active' || status === 'expiring';
}

/** obligation: TEN-2 — a key older than the configured age is flagged as due for rotation. */
export function rotationDue(key: KeyLifecycle, now: Date, maxAgeDays: number): boolean {
  if (keyStatus(key, now) !== 'active') return false;
  return now.getTime() - Date.parse(key.createdAt) >= maxAgeDays * 86_400_000;
}
