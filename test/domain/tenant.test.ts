import { describe, expect, it } from 'vitest';
import { contactFor, registerTenant, updateTenant } from '../../shared/domain/tenant.ts';
import { RuleViolation } from '../../shared/domain/rule-violation.ts';
import type { CreateTenantInput } from '../../shared/model/tenant.ts';

const now = new Date('2026-11-22T09:30:00+01:00');
const input: CreateTenantInput = {
  name: 'Acme d.o.o.',
  country: 'SI',
  language: 'sl',
  contacts: {
    administrator: { name: 'Ana', email: 'ana@acme.example' },
    security: { name: 'Sara', email: 'sara@acme.example' },
  },
  termsAcceptance: { version: '2026-01', accepted: true },
};
const ctx = { id: '01m81zrxcza7f1b6swr9dfc11c', now, recordedBy: 'arn:aws:iam::1:user/op', currentTermsVersion: '2026-01' };

describe('TEN-1 registration', () => {
  it('records the accepted version, the time and the registering administrator', () => {
    const tenant = registerTenant(input, ctx);
    expect(tenant.terms).toEqual({
      version: '2026-01',
      acceptedAt: '2026-11-22T08:30:00.000Z',
      acceptedBy: { name: 'Ana', email: 'ana@acme.example' },
      recordedBy: 'arn:aws:iam::1:user/op',
    });
    expect(tenant).toMatchObject({ status: 'active', version: 1 });
  });

  it('refuses acceptance of any but the current terms version', () => {
    expect(() => registerTenant({ ...input, termsAcceptance: { version: '2025-06', accepted: true } }, ctx)).toThrow(RuleViolation);
  });
});

describe('TEN-5 contacts by role', () => {
  const tenant = registerTenant(input, ctx);
  it.each([
    ['administrator', 'ana@acme.example'],
    ['security', 'sara@acme.example'],
    ['dataProtection', 'ana@acme.example'],
    ['billing', 'ana@acme.example'],
  ] as const)('a %s notice goes to %s', (role, email) => {
    expect(contactFor(tenant, role).email).toBe(email);
  });
});

describe('tenant updates', () => {
  const tenant = registerTenant(input, ctx);
  const later = new Date('2026-11-23T10:00:00Z');

  it('names the changed fields and bumps the version once', () => {
    const { tenant: next, changed } = updateTenant(
      tenant,
      { name: 'Acme 2', contacts: { security: null, billing: { name: 'Bo', email: 'bo@acme.example' } }, vatNumber: 'SI12345678' },
      later,
    );
    expect(changed.sort()).toEqual(['contacts.billing', 'contacts.security', 'name', 'vatNumber']);
    expect(next.version).toBe(2);
    expect(next.contacts.security).toBeUndefined();
    expect(next.updatedAt).toBe(later.toISOString());
    expect(tenant.contacts.security).toBeDefined();
  });

  it('changes nothing when the values are the same', () => {
    const { tenant: next, changed } = updateTenant(tenant, { name: tenant.name, language: 'sl' }, later);
    expect(changed).toEqual([]);
    expect(next.version).toBe(1);
  });
});
