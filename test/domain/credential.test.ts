import { describe, expect, it } from 'vitest';
import { RuleViolation } from '../../shared/domain/rule-violation.ts';
import { MAX_CREDENTIALS_PER_SUBJECT, MAX_FAILED_CHECKS, checkCredentialCount, checksLeft, isLocked, normaliseCredential } from '../../shared/domain/credential.ts';
import { setCredentialBody } from '../../shared/model/credential.ts';
import { CREDENTIAL_HASH, credentialMatches, hashCredential } from '../../shared/services/credential-hash.ts';

const pepper = Buffer.alloc(32, 7);
const context = { tenantId: '01jd0000000000000000000000', subjectId: '01jd0000000000000000000001', name: 'till-pin' };

describe('DAT-9 credential rules', () => {
  it.each([
    [{ kind: 'pin', value: '0042' }, true],
    [{ kind: 'pin', value: '123456789012' }, true],
    [{ kind: 'pin', value: '123' }, false],
    [{ kind: 'pin', value: '1234567890123' }, false],
    [{ kind: 'pin', value: '١٢٣٤' }, false],
    [{ kind: 'pin', value: '12 34' }, false],
    [{ kind: 'password', value: 'eight ch' }, true],
    [{ kind: 'password', value: 'seven c' }, false],
    [{ kind: 'password', value: 'x'.repeat(128) }, true],
    [{ kind: 'password', value: 'x'.repeat(129) }, false],
  ])('%j is accepted: %s', (body, accepted) => {
    expect(setCredentialBody.safeParse(body).success).toBe(accepted);
  });

  it('a new name beyond the cap is refused on the path, a replacement is not', () => {
    const names = Array.from({ length: MAX_CREDENTIALS_PER_SUBJECT }, (_, i) => `pin-${i}`);
    expect(() => checkCredentialCount(names.slice(1), 'new')).not.toThrow();
    expect(() => checkCredentialCount(names, 'pin-0')).not.toThrow();
    const error = (() => {
      try {
        checkCredentialCount(names, 'new');
      } catch (e) {
        return e as RuleViolation;
      }
    })();
    expect(error).toMatchObject({ field: 'name', where: 'path' });
  });

  it(`locks at ${MAX_FAILED_CHECKS} failed checks in a row and counts down to it`, () => {
    expect(isLocked(MAX_FAILED_CHECKS - 1)).toBe(false);
    expect(isLocked(MAX_FAILED_CHECKS)).toBe(true);
    expect(checksLeft(0)).toBe(MAX_FAILED_CHECKS);
    expect(checksLeft(MAX_FAILED_CHECKS + 3)).toBe(0);
  });

  it('normalises passwords to NFKC and leaves PINs as they are', () => {
    expect(normaliseCredential('password', 'C\u030cebela')).toBe('Čebela');
    expect(normaliseCredential('password', 'ｐａｓｓ１')).toBe('pass1');
    expect(normaliseCredential('pin', '0042')).toBe('0042');
  });
});

describe('DAT-9 credential hashes', () => {
  it('are scrypt with their parameters and a fresh salt, and check only the value they were made from', async () => {
    const first = await hashCredential(pepper, context, '0042');
    const second = await hashCredential(pepper, context, '0042');
    const { ln, r, p, k } = CREDENTIAL_HASH;
    expect(first).toMatch(new RegExp(`^\\$scrypt\\$ln=${ln},r=${r},p=${p},k=${k}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(second).not.toBe(first);
    expect(first).not.toContain('0042');
    expect(await credentialMatches(pepper, context, '0042', first)).toBe(true);
    expect(await credentialMatches(pepper, context, '0042', second)).toBe(true);
    expect(await credentialMatches(pepper, context, '0043', first)).toBe(false);
  });

  it('need the pepper, and are bound to their tenant, subject and name', async () => {
    const stored = await hashCredential(pepper, context, '0042');
    expect(await credentialMatches(Buffer.alloc(32, 8), context, '0042', stored)).toBe(false);
    expect(await credentialMatches(pepper, { ...context, subjectId: '01jd0000000000000000000002' }, '0042', stored)).toBe(false);
    expect(await credentialMatches(pepper, { ...context, name: 'other-pin' }, '0042', stored)).toBe(false);
  });

  it('refuse to check what is not such a hash, rather than answer a match', async () => {
    for (const stored of ['0042', '', '$scrypt$ln=15,r=8,p=3,k=1$c2FsdA$aGFzaA', '$scrypt$ln=2,r=8,p=3,k=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      await expect(credentialMatches(pepper, context, '0042', stored)).rejects.toThrow();
    }
  });
});
