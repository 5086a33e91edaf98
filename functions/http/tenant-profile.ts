import { httpHandler } from '../../shared/http/handler.ts';
import { readTenant } from '../../shared/services/tenants.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler('tenant-profile', {
  async getOwnTenant({ auth, now }) {
    const tenant = await readTenant(TenantScope.ofTenant(auth), auth, now);
    return { body: tenant, version: tenant.version };
  },
});
