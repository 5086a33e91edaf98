import { httpHandler } from '../../shared/http/handler.ts';
import { AUDIT_TRAIL_ROUTES } from '../../shared/http/routes/audit-trail.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import { readAuditTrail } from '../../shared/services/audit-trail.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler(AUDIT_TRAIL_ROUTES, {
  async listAudit({ query, auth, now }) {
    return { body: await readAuditTrail(TenantScope.ofTenant(auth), query, now) };
  },
}, { tenantGate: refuseWhileDormant });
