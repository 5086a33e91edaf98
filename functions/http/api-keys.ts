import { httpHandler } from '../../shared/http/handler.ts';
import { API_KEYS_ROUTES } from '../../shared/http/routes/api-keys.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from '../../shared/services/api-keys.ts';
import { payOwedFlushes } from '../../shared/services/authorizer-cache.ts';
import { requireTenant } from '../../shared/services/tenants.ts';
import { Problem } from '../../shared/http/problem.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { TENANT_EXISTS, tenants } from '../../shared/store/tenants.ts';
import type { ConditionFailed } from '../../shared/store/unit-of-work.ts';

/**
 * Operator routes name the tenant in the path. A key is issued only for an existing tenant (a
 * condition in the key's own transaction); a rotation or revocation finds no key of an unknown
 * tenant anyway, and an empty list is checked for the tenant.
 */
const noSuchTenant = async (error: ConditionFailed): Promise<never> => {
  if (error.label === TENANT_EXISTS) throw new Problem('notFound', 'No such tenant, or its data is being deleted');
  throw error;
};

/**
 * obligation: TEN-2 — each request first pays the authorizer flushes its tenant's changes still
 * owe (a revocation whose flush failed), within the tenant's own reach.
 */
async function paid(scope: TenantScope): Promise<TenantScope> {
  await payOwedFlushes(scope);
  return scope;
}

export const handler = httpHandler(API_KEYS_ROUTES, {
  async createApiKey({ body, auth, now, uow }) {
    return { body: createApiKey(uow, await paid(TenantScope.ofTenant(auth)), body, auth, now) };
  },
  async listApiKeys({ query, auth, now }) {
    return { body: await listApiKeys(await paid(TenantScope.ofTenant(auth)), query.limit, query.cursor, now) };
  },
  async rotateApiKey({ params, body, auth, now, uow }) {
    return { body: await rotateApiKey(uow, await paid(TenantScope.ofTenant(auth)), params.keyId, body.gracePeriodHours, auth, now) };
  },
  async revokeApiKey({ params, auth, now, uow }) {
    const { key, afterCommit } = await revokeApiKey(uow, await paid(TenantScope.ofTenant(auth)), params.keyId, auth, now);
    return { body: key, afterCommit };
  },
  async operatorCreateApiKey({ params, body, auth, now, uow }) {
    const scope = await paid(TenantScope.named(params.tenantId));
    tenants.mustExist(uow, scope);
    return { body: createApiKey(uow, scope, body, auth, now), explainConflict: noSuchTenant };
  },
  async operatorListApiKeys({ params, query, now }) {
    const scope = await paid(TenantScope.named(params.tenantId));
    const page = await listApiKeys(scope, query.limit, query.cursor, now);
    if (page.items.length === 0) await requireTenant(scope);
    return { body: page };
  },
  async operatorRotateApiKey({ params, body, auth, now, uow }) {
    return { body: await rotateApiKey(uow, await paid(TenantScope.named(params.tenantId)), params.keyId, body.gracePeriodHours, auth, now) };
  },
  async operatorRevokeApiKey({ params, auth, now, uow }) {
    const { key, afterCommit } = await revokeApiKey(uow, await paid(TenantScope.named(params.tenantId)), params.keyId, auth, now);
    return { body: key, afterCommit };
  },
}, {
  tenantGate: refuseWhileDormant,
  // obligation: TEN-3 — an operator's route names the tenant whose keys it manages.
  namedTenant: ({ params }) => (params as { tenantId?: string } | undefined)?.tenantId,
});
