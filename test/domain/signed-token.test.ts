import { describe, expect, it } from 'vitest';
import { tokenHash, verifyToken, withdrawToken } from '../../shared/crypto/consent-links.ts';
import { exportLinkToken, verifyExportLink } from '../../shared/crypto/export-links.ts';

/**
 * obligation: CON-1, DSR-5 — links already sent keep opening: tokens signed before consent and
 * export links shared one signing helper, byte for byte, pinned here under a fixed key.
 */
const key = Buffer.alloc(32, 7);
const tenantId = '01jd0000000000000000000000';
const subjectId = '01jd0000000000000000000001';
const exportId = '01jd0000000000000000000002';

const issued = {
  withdraw: `${tenantId}.${subjectId}.newsletter.8zg0Szkzjc3aC9pCrH0HzMXl5zJR6QyceuneMjHRV6M`,
  confirm: `${tenantId}.${subjectId}.newsletter.AAAAAAAAAAAAAAAAAAAAAA.fZDwuMPkZWWKeNkuRDuj5xZGE1-ZTzxJWGnlJqCSecc`,
  export: `${tenantId}.${subjectId}.${exportId}.1796083200.m0AHIWtsptaV1w5gLAvWJFWwPtfjHGCNpmiSlRqteNA`,
};

describe('signed link tokens', () => {
  it('CON-1 a withdrawal token is signed as before', () => {
    expect(withdrawToken(key, { tenantId, subjectId, purpose: 'newsletter' })).toBe(issued.withdraw);
  });

  it.each(['confirm', 'withdraw'] as const)('CON-1 a %s token issued before still verifies, and not as the other kind', (kind) => {
    expect(verifyToken(key, kind, issued[kind])).toEqual({ tenantId, subjectId, purpose: 'newsletter' });
    expect(verifyToken(key, kind === 'confirm' ? 'withdraw' : 'confirm', issued[kind])).toBeUndefined();
    expect(tokenHash(issued[kind])).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('DSR-5 an export link is signed as before and still verifies', () => {
    const link = { tenantId, subjectId, exportId, expiresAt: new Date('2026-12-01T00:00:00Z') };
    expect(exportLinkToken(key, link)).toBe(issued.export);
    expect(verifyExportLink(key, issued.export)).toEqual(link);
  });

  it.each([
    ['a changed last character', key, (t: string) => `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`],
    ['a signature under another key', Buffer.alloc(32, 8), (t: string) => t],
  ])('CON-1 DSR-5 refuses %s', (_, verifyingKey, change) => {
    expect(verifyToken(verifyingKey, 'withdraw', change(issued.withdraw))).toBeUndefined();
    expect(verifyExportLink(verifyingKey, change(issued.export))).toBeUndefined();
  });
});
