import { CURRENT_TERMS_VERSION } from '../config/terms.ts';
import { registerTenant, updateTenant } from '../domain/tenant.ts';
import type { OperatorAuth, TenantAuth } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import type { CreateTenantInput, Tenant, UpdateTenantInput } from '../model/tenant.ts';
import { newId } from '../ids.ts';
import { recordAudit } from '../store/audit.ts';
import { TenantScope } from '../store/tenant-scope.ts';
import { tenants } from '../store/tenants.ts';
import { auditRead } from './read-audit.ts';
import type { UnitOfWork } from '../store/unit-of-work.ts';

/** Contacts are the tenant staff's personal data: their reads and changes are audited (TEN-4). */
const CONTACT_FIELDS = ['contacts'];

export async function createTenant(uow: UnitOfWork, input: CreateTenantInput, auth: OperatorAuth, now: Date): Promise<Tenant> {
  const tenant = registerTenant(input, {
    id: newId(now),
    now,
    recordedBy: auth.principal,
    currentTermsVersion: CURRENT_TERMS_VERSION,
  });
  tenants.create(uow, tenant);
  recordAudit(uow, TenantScope.named(tenant.id), {
    actor: auth.actor,
    action: 'create',
    entity: 'tenant',
    entityId: tenant.id,
    fields: [...CONTACT_FIELDS, 'terms'],
    at: now,
  });
  return tenant;
}

export async function requireTenant(scope: TenantScope): Promise<Tenant> {
  const tenant = await tenants.get(scope);
  if (!tenant) throw new Problem('notFound', 'No such tenant');
  // obligation: DUN-5 — a tenant being deleted takes no new data (a key, a contact) that the
  // deletion could miss; once deleted only a tombstone is left, its invoices remain readable.
  if (tenant.status === 'deleting') throw new Problem('tenantDeleted', `The tenant's data is being deleted; its invoices are kept`);
  if (tenant.status === 'deleted') throw new Problem('tenantDeleted', `The tenant's data was deleted; its invoices are kept`);
  return tenant;
}

/**
 * A read of a tenant shows its contacts, the tenant staff's personal data: audited through the
 * read-audit queue, whether the tenant reads its own profile (AUD-1) or an operator does (TEN-4).
 */
export async function readTenant(scope: TenantScope, auth: OperatorAuth | TenantAuth, now: Date): Promise<Tenant> {
  const tenant = await requireTenant(scope);
  await auditRead(scope, { actor: auth.actor, entity: 'tenant', entityIds: [tenant.id], fields: CONTACT_FIELDS, at: now });
  return tenant;
}

export async function changeTenant(
  uow: UnitOfWork,
  scope: TenantScope,
  update: UpdateTenantInput,
  expectedVersion: number,
  auth: OperatorAuth,
  now: Date,
): Promise<Tenant> {
  const current = await requireTenant(scope);
  if (current.version !== expectedVersion) {
    throw new Problem('preconditionFailed', `The tenant is at version ${current.version}; read it again`);
  }
  const { tenant, changed } = updateTenant(current, update, now);
  if (changed.length === 0) return current;
  tenants.replace(uow, tenant, expectedVersion);
  recordAudit(uow, scope, { actor: auth.actor, action: 'update', entity: 'tenant', entityId: tenant.id, fields: changed, at: now });
  return tenant;
}
