import { flushAuthorizerCache } from '../../shared/clients/api-gateway.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from '../../shared/services/api-keys.ts';
import { requireTenant } from '../../shared/services/tenants.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

/** Operator routes name the tenant in the path; it must exist before keys are issued for it. */
async function operatorScope(tenantId: string): Promise<TenantScope> {
  const scope = TenantScope.named(tenantId);
  await requireTenant(scope);
  return scope;
}

export const handler = httpHandler('api-keys', {
  async createApiKey({ body, auth, now, uow }) {
    return { body: createApiKey(uow, TenantScope.ofTenant(auth), body, auth, now) };
  },
  async listApiKeys({ query, auth, now }) {
    return { body: await listApiKeys(TenantScope.ofTenant(auth), query.limit, query.cursor, now) };
  },
  async rotateApiKey({ params, body, auth, now, uow }) {
    return { body: await rotateApiKey(uow, TenantScope.ofTenant(auth), params.keyId, body.gracePeriodHours, auth, now) };
  },
  async revokeApiKey({ params, auth, now, uow }) {
    const body = await revokeApiKey(uow, TenantScope.ofTenant(auth), params.keyId, auth, now);
    return { body, afterCommit: flushAuthorizerCache };
  },
  async operatorCreateApiKey({ params, body, auth, now, uow }) {
    return { body: createApiKey(uow, await operatorScope(params.tenantId), body, auth, now) };
  },
  async operatorListApiKeys({ params, query, now }) {
    return { body: await listApiKeys(await operatorScope(params.tenantId), query.limit, query.cursor, now) };
  },
  async operatorRotateApiKey({ params, body, auth, now, uow }) {
    const scope = await operatorScope(params.tenantId);
    return { body: await rotateApiKey(uow, scope, params.keyId, body.gracePeriodHours, auth, now) };
  },
  async operatorRevokeApiKey({ params, auth, now, uow }) {
    const body = await revokeApiKey(uow, await operatorScope(params.tenantId), params.keyId, auth, now);
    return { body, afterCommit: flushAuthorizerCache };
  },
});
