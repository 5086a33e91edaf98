import { httpHandler } from '../../shared/http/handler.ts';
import { readAuditTrail } from '../../shared/services/audit-trail.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler('audit-trail', {
  async listAudit({ query, auth, now }) {
    return { body: await readAuditTrail(TenantScope.ofTenant(auth), query, now) };
  },
});
