import { describe, expect, it } from 'vitest';
import { formatApiKey, hashSecret, keyIsUsable, keyStatus, newSecret, parseApiKey, rotationDue, secretMatches } from '../../shared/domain/api-key.ts';

const T = '01m81zrxcza7f1b6swr9dfc11c';
const K = '01m81zrxrfx6hw5b5f3apat67r';
const now = new Date('2026-06-01T10:00:00Z');

describe('TEN-2 API key format', () => {
  it('round-trips a generated key and matches only its own secret', () => {
    const secret = newSecret();
    const parsed = parseApiKey(formatApiKey(T, K, secret));
    expect(parsed).toEqual({ tenantId: T, keyId: K, secret });
    expect(secretMatches(secret, hashSecret(secret))).toBe(true);
    expect(secretMatches(newSecret(), hashSecret(secret))).toBe(false);
    expect(hashSecret(secret)).not.toContain(secret);
  });

  it.each([
    ['empty', ''],
    ['no prefix', `${T}_${K}_${'a'.repeat(43)}`],
    ['upper-case tenant', `skr_${T.toUpperCase()}_${K}_${'a'.repeat(43)}`],
    ['short secret', `skr_${T}_${K}_${'a'.repeat(42)}`],
    ['delimiter in tenant', `skr_T#${T.slice(2)}_${K}_${'a'.repeat(43)}`],
  ])('refuses a malformed key: %s', (_name, token) => {
    expect(parseApiKey(token)).toBeUndefined();
  });
});

describe('TEN-2 key lifecycle', () => {
  const created = '2026-01-01T00:00:00Z';
  it.each([
    { case: 'fresh key', key: { createdAt: created }, status: 'active', usable: true },
    { case: 'rotated, in grace', key: { createdAt: created, expiresAt: '2026-06-02T00:00:00Z' }, status: 'expiring', usable: true },
    { case: 'rotated, grace over', key: { createdAt: created, expiresAt: '2026-06-01T10:00:00Z' }, status: 'expired', usable: false },
    { case: 'revoked', key: { createdAt: created, revokedAt: '2026-05-01T00:00:00Z' }, status: 'revoked', usable: false },
  ])('$case is $status', ({ key, status, usable }) => {
    expect(keyStatus(key, now)).toBe(status);
    expect(keyIsUsable(key, now)).toBe(usable);
  });

  it.each([
    { createdAt: '2026-03-03T10:00:01Z', due: false, why: '89 days and 23:59:59 old' },
    { createdAt: '2026-03-03T10:00:00Z', due: true, why: 'exactly 90 days old' },
    { createdAt: '2025-01-01T00:00:00Z', due: true, why: 'long past the age' },
  ])('is due for rotation at 90 days: $why → $due', ({ createdAt, due }) => {
    expect(rotationDue({ createdAt }, now, 90)).toBe(due);
  });

  it('does not flag a revoked or rotated key for rotation', () => {
    expect(rotationDue({ createdAt: '2025-01-01T00:00:00Z', revokedAt: '2025-02-01T00:00:00Z' }, now, 90)).toBe(false);
    expect(rotationDue({ createdAt: '2025-01-01T00:00:00Z', expiresAt: '2026-06-02T00:00:00Z' }, now, 90)).toBe(false);
  });
});
