import { httpHandler } from '../../shared/http/handler.ts';
import { OPERATOR_TENANTS_ROUTES } from '../../shared/http/routes/operator-tenants.ts';
import { changeTenant, createTenant, readTenant } from '../../shared/services/tenants.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { tenants } from '../../shared/store/tenants.ts';

export const handler = httpHandler(OPERATOR_TENANTS_ROUTES, {
  async createTenant({ body, auth, now, uow }) {
    const tenant = await createTenant(uow, body, auth, now);
    return { body: tenant, version: tenant.version };
  },
  // The route's response schema (tenantSummary) leaves the contacts out of the list.
  async listTenants({ query }) {
    const { items, nextCursor } = await tenants.list(query.limit, query.cursor);
    return { body: { items, ...(nextCursor === undefined ? {} : { nextCursor }) } };
  },
  async getTenant({ params, auth, now }) {
    const tenant = await readTenant(TenantScope.named(params.tenantId), auth, now);
    return { body: tenant, version: tenant.version };
  },
  async updateTenant({ params, body, ifMatch, auth, now, uow }) {
    const tenant = await changeTenant(uow, TenantScope.named(params.tenantId), body, ifMatch!, auth, now);
    return { body: tenant, version: tenant.version };
  },
});
