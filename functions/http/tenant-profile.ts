import { httpHandler } from '../../shared/http/handler.ts';
import { TENANT_PROFILE_ROUTES } from '../../shared/http/routes/tenant-profile.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import { readTenant } from '../../shared/services/tenants.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler(TENANT_PROFILE_ROUTES, {
  async getOwnTenant({ auth, now }) {
    const tenant = await readTenant(TenantScope.ofTenant(auth), auth, now);
    return { body: tenant, version: tenant.version };
  },
}, { tenantGate: refuseWhileDormant });
