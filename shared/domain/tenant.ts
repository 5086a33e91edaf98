import type { Contact, ContactRole, CreateTenantInput, Tenant, UpdateTenantInput } from '../model/tenant.ts';
import { RuleViolation } from './rule-violation.ts';

/**
 * obligation: TEN-1 — a tenant registers only by explicitly accepting the current terms version;
 * the acceptance is recorded with version, time and who. The registering person becomes the
 * tenant's administrator contact.
 */
export function registerTenant(
  input: CreateTenantInput,
  ctx: { id: string; now: Date; recordedBy: string; currentTermsVersion: string },
): Tenant {
  if (input.termsAcceptance.version !== ctx.currentTermsVersion) {
    throw new RuleViolation(
      'termsAcceptance.version',
      `must be the current terms version ${ctx.currentTermsVersion}`,
    );
  }
  const at = ctx.now.toISOString();
  const { administrator } = input.contacts;
  return {
    id: ctx.id,
    name: input.name,
    country: input.country,
    ...(input.vatNumber === undefined ? {} : { vatNumber: input.vatNumber }),
    ...(input.address === undefined ? {} : { address: input.address }),
    language: input.language,
    contacts: input.contacts,
    terms: {
      version: input.termsAcceptance.version,
      acceptedAt: at,
      acceptedBy: { name: administrator.name, email: administrator.email },
      recordedBy: ctx.recordedBy,
    },
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/** Applies a partial update; returns the new profile and the names of the fields it changed. */
export function updateTenant(
  tenant: Tenant,
  update: UpdateTenantInput,
  now: Date,
): { tenant: Tenant; changed: string[] } {
  const next: Tenant = structuredClone(tenant);
  const changed: string[] = [];
  const set = <K extends 'name' | 'country' | 'language'>(field: K, value: Tenant[K] | undefined) => {
    if (value !== undefined && value !== next[field]) {
      next[field] = value;
      changed.push(field);
    }
  };
  set('name', update.name);
  set('country', update.country);
  set('language', update.language);
  for (const field of ['vatNumber', 'address'] as const) {
    const value = update[field];
    if (value === undefined || value === (next[field] ?? null)) continue;
    if (value === null) delete next[field];
    else next[field] = value;
    changed.push(field);
  }
  for (const [role, contact] of Object.entries(update.contacts ?? {}) as [ContactRole, Contact | null | undefined][]) {
    if (contact === undefined) continue;
    if (JSON.stringify(contact) === JSON.stringify(next.contacts[role] ?? null)) continue;
    if (contact === null) delete next.contacts[role as Exclude<ContactRole, 'administrator'>];
    else next.contacts[role] = contact;
    changed.push(`contacts.${role}`);
  }
  if (changed.length > 0) {
    next.version = tenant.version + 1;
    next.updatedAt = now.toISOString();
  }
  return { tenant: next, changed };
}

/**
 * obligation: TEN-5 — notices go to the role they concern; a role without its own contact
 * falls back to the administrator, who is always present.
 */
export function contactFor(tenant: Pick<Tenant, 'contacts'>, role: ContactRole): Contact {
  return tenant.contacts[role] ?? tenant.contacts.administrator;
}

/**
 * A tenant holds data until its deletion starts: a deleting tenant's partitions are being removed,
 * so nothing (a notice, an audit entry, a consent) may be written, or sent, behind the deletion.
 */
export function holdsData(tenant: Pick<Tenant, 'status'>): boolean {
  return tenant.status !== 'deleting' && tenant.status !== 'deleted';
}

/**
 * obligation: TEN-5 — the addresses a notice to these roles goes to, each role's contact (or the
 * administrator's), one message per address when one person holds several roles.
 */
export function recipientsFor(tenant: Pick<Tenant, 'contacts'>, roles: readonly ContactRole[]): { role: ContactRole; address: string }[] {
  const recipients: { role: ContactRole; address: string }[] = [];
  for (const role of roles) {
    const address = contactFor(tenant, role).email;
    if (!recipients.some((r) => r.address === address)) recipients.push({ role, address });
  }
  return recipients;
}
