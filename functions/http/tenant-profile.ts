import { httpHandler } from '../../shared/http/handler.ts';
import { requireTenant } from '../../shared/services/tenants.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler('tenant-profile', {
  async getOwnTenant({ auth }) {
    const tenant = await requireTenant(TenantScope.ofTenant(auth));
    return { body: tenant, version: tenant.version };
  },
});
