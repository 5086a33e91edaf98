import { describe, expect, it } from 'vitest';
import { blindIndex } from '../../shared/crypto/blind-index.ts';
import { RuleViolation } from '../../shared/domain/rule-violation.ts';
import { MAX_LOOKUP_VALUES, checkAttributeSets, liftRestriction, lookupValues, newSubject, rectify, restrict } from '../../shared/domain/subject.ts';
import type { AttributeSet } from '../../shared/model/subject.ts';

const now = new Date('2026-11-22T10:00:00Z');
const identity: AttributeSet = { name: 'identity', purpose: 'employment', legalBasis: 'contract', attributes: { firstName: 'Ana', email: ' Ana@Example.COM ' } };
const base = newSubject({ category: 'employee', endUser: true, attributeSets: [identity] }, { id: '01m81zrxcza7f1b6swr9dfc11c', now });

function violation(run: () => unknown): RuleViolation {
  try {
    run();
  } catch (error) {
    if (error instanceof RuleViolation) return error;
    throw error;
  }
  throw new Error('no rule violation');
}

describe('DAT-3 special categories need explicit consent', () => {
  const health: AttributeSet = { name: 'sick-leave', purpose: 'payroll', legalBasis: 'legal-obligation', specialCategory: 'health', attributes: { days: 3 } };
  it.each([
    { case: 'declared, consent recorded', set: { ...health, explicitConsent: { givenAt: '2026-01-01T00:00:00Z', evidence: 'form 12' } }, field: undefined },
    { case: 'declared, no consent', set: health, field: 'attributeSets.0.explicitConsent' },
    { case: 'undeclared health attribute', set: { ...identity, attributes: { healthNotes: 'asthma' } }, field: 'attributeSets.0.attributes.healthNotes' },
    { case: 'undeclared religion attribute', set: { ...identity, attributes: { religion: 'x' } }, field: 'attributeSets.0.attributes.religion' },
    { case: 'undeclared biometric template', set: { ...identity, attributes: { fingerprint_template: 'x' } }, field: 'attributeSets.0.attributes.fingerprint_template' },
    { case: 'ordinary attributes', set: identity, field: undefined },
    { case: 'words that merely contain a hint', set: { ...identity, attributes: { traceId: 'x', graceDays: 3, unionStreet: 'x' } }, field: undefined },
    { case: 'a hint split by camel case', set: { ...identity, attributes: { sickLeaveDays: 3 } }, field: 'attributeSets.0.attributes.sickLeaveDays' },
    { case: 'a short hint as a whole word', set: { ...identity, attributes: { race: 'x' } }, field: 'attributeSets.0.attributes.race' },
  ])('$case', ({ set, field }) => {
    if (field === undefined) expect(() => checkAttributeSets([set])).not.toThrow();
    else expect(violation(() => checkAttributeSets([set])).field).toBe(field);
  });
});

describe('DAT-1 DAT-5 rectification names what changed and bumps the version', () => {
  it.each([
    { case: 'category', update: { category: 'contractor' as const }, changed: ['category'] },
    { case: 'seat flag', update: { endUser: false }, changed: ['endUser'] },
    { case: 'a set replaced', update: { attributeSets: [{ ...identity, attributes: { firstName: 'Anja' } }] }, changed: ['attributeSets.identity'] },
    { case: 'a set added', update: { attributeSets: [{ ...identity, name: 'bank' }] }, changed: ['attributeSets.bank'] },
    { case: 'the same values', update: { category: 'employee' as const, attributeSets: [identity] }, changed: [] },
  ])('$case → $changed', ({ update, changed }) => {
    const result = rectify(base, update, new Date('2026-11-23T00:00:00Z'));
    expect(result.changed).toEqual(changed);
    expect(result.subject.version).toBe(changed.length === 0 ? 1 : 2);
  });

  it('keeps at least one attribute set', () => {
    expect(violation(() => rectify(base, { removeAttributeSets: ['identity'] }, now)).field).toBe('removeAttributeSets');
  });
});

describe('DAT-6 a subject is found by a bounded number of values, so one transaction erases it', () => {
  /** Sets of ten e-mail addresses each, under the attribute names the lookup reads in any case. */
  const many = (count: number): AttributeSet[] =>
    Array.from({ length: Math.ceil(count / 10) }, (_, s) => ({
      name: `contact-${s}`,
      purpose: 'contact',
      legalBasis: 'contract',
      attributes: Object.fromEntries(Array.from({ length: Math.min(10, count - s * 10) }, (_, i) => [['email', 'Email', 'EMAIL', 'eMail', 'emaiL', 'EMail', 'eMAIL', 'emAIL', 'EmAiL', 'eMaIl'][i]!, `p${s}-${i}@x.example`])),
    }));

  it.each([
    ['at the cap, on creation', MAX_LOOKUP_VALUES, false],
    ['one past the cap, on creation', MAX_LOOKUP_VALUES + 1, true],
  ])('%s', (_what, count, refused) => {
    expect(lookupValues({ attributeSets: many(count) })).toHaveLength(count);
    const make = () => newSubject({ category: 'employee', endUser: true, attributeSets: many(count) }, { id: base.id, now });
    if (refused) expect(violation(make)).toMatchObject({ field: 'attributeSets', reason: expect.stringContaining(String(MAX_LOOKUP_VALUES)) });
    else expect(make().attributeSets).toHaveLength(Math.ceil(count / 10));
  });

  it('a rectification that would pass the cap is refused; one that stays within it goes through', () => {
    const full = newSubject({ category: 'employee', endUser: true, attributeSets: many(MAX_LOOKUP_VALUES - 1) }, { id: base.id, now });
    expect(violation(() => rectify(full, { attributeSets: [{ ...identity, name: 'extra', attributes: { email: 'one@x.example', taxNumber: 'SI1' } }] }, now)).field).toBe('attributeSets');
    expect(rectify(full, { attributeSets: [{ ...identity, name: 'extra', attributes: { email: 'one@x.example' } }] }, now).changed).toEqual(['attributeSets.extra']);
  });
});

describe('DAT-4 restriction', () => {
  it('restricts once with reason, time and actor, and lifts', () => {
    const restricted = restrict(base, 'accuracy disputed', 'key:x', now);
    expect(restricted.subject).toMatchObject({ restriction: { reason: 'accuracy disputed', by: 'key:x' }, version: 2 });
    expect(restricted.changed).toEqual(['restriction']);
    expect(restrict(restricted.subject, 'again', 'key:x', now).changed).toEqual([]);
    const lifted = liftRestriction(restricted.subject, now);
    expect(lifted.changed).toEqual(['restriction']);
    expect(lifted.subject.restriction).toBeUndefined();
  });
});

describe('DAT-6 blind index', () => {
  const secret = Buffer.alloc(32, 7);
  it('normalises lookup values and never puts them in the index', () => {
    const values = lookupValues({ attributeSets: [identity, { ...identity, name: 'tax', attributes: { taxNumber: 'si 123-456.78' } }] });
    expect(values).toEqual([
      { kind: 'email', value: 'ana@example.com' },
      { kind: 'taxNumber', value: 'SI12345678' },
    ]);
    const hmac = blindIndex(secret, 'tenanta', 'email', 'ana@example.com');
    expect(hmac).not.toContain('ana');
    expect(hmac).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('gives unrelated values per tenant and per secret', () => {
    const a = blindIndex(secret, 'tenanta', 'email', 'ana@example.com');
    expect(blindIndex(secret, 'tenantb', 'email', 'ana@example.com')).not.toBe(a);
    expect(blindIndex(Buffer.alloc(32, 8), 'tenanta', 'email', 'ana@example.com')).not.toBe(a);
    expect(blindIndex(secret, 'tenanta', 'email', 'ana@example.com')).toBe(a);
  });
});

describe('DAT-9 no credential in an attribute set', () => {
  it.each([
    ['pin', true],
    ['PIN', true],
    ['tillPin', true],
    ['pin_code', true],
    ['pinKoda', true],
    ['password', true],
    ['cashierPassword', true],
    ['passwd', true],
    ['pwd', true],
    ['passcode', true],
    ['passPhrase', true],
    ['pass_word', true],
    ['geslo', true],
    ['blagajnaGeslo', true],
    ['lozinka', true],
    ['kennwort', true],
    ['otp', true],
    ['totpSecret', true],
    ['apiSecret', true],
    ['pinned', false],
    ['spinId', false],
    ['pinyin', false],
    ['passportNumber', false],
    ['passengerName', false],
    ['secretary', false],
    ['otpremnica', false],
    ['firstName', false],
  ])('%s → refused: %s', (name, refused) => {
    const set: AttributeSet = { ...identity, attributes: { [name]: 'x' } };
    if (!refused) {
      expect(() => checkAttributeSets([set])).not.toThrow();
      return;
    }
    const error = violation(() => checkAttributeSets([set]));
    expect(error.field).toBe(`attributeSets.0.attributes.${name}`);
    expect(error.reason).toContain('/v1/subjects/{subjectId}/credentials/{name}');
  });

  it('a set named for credentials is refused too, on creation and rectification alike', () => {
    const pins: AttributeSet = { ...identity, name: 'till-pins', attributes: { value: 'x' } };
    expect(violation(() => newSubject({ category: 'cashier', endUser: true, attributeSets: [pins] }, { id: base.id, now })).field).toBe('attributeSets.0.name');
    expect(violation(() => rectify(base, { attributeSets: [pins] }, now)).field).toBe('attributeSets.0.name');
  });
});
