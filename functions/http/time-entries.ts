import { httpHandler } from '../../shared/http/handler.ts';
import { TIME_ENTRIES_ROUTES } from '../../shared/http/routes/time-entries.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import { captureTimeEntry, explainCaptureRefusal, listTimeEntries } from '../../shared/services/time-entries.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler(TIME_ENTRIES_ROUTES, {
  async createTimeEntry({ params, body, auth, now, uow }) {
    const scope = TenantScope.ofTenant(auth);
    return {
      body: captureTimeEntry(uow, scope, params.subjectId, body, auth, now),
      explainConflict: (error) => explainCaptureRefusal(scope, params.subjectId, error),
    };
  },
  async listTimeEntries({ params, query, auth, now }) {
    return { body: await listTimeEntries(TenantScope.ofTenant(auth), params.subjectId, query, auth, now) };
  },
}, { tenantGate: refuseWhileDormant });
