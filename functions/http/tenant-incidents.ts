import { httpHandler } from '../../shared/http/handler.ts';
import { TENANT_INCIDENTS_ROUTES } from '../../shared/http/routes/tenant-incidents.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import { fileForTenant, incidentsForTenant, startTenantClock } from '../../shared/services/incidents/clock.ts';

export const handler = httpHandler(TENANT_INCIDENTS_ROUTES, {
  async listOwnIncidents({ auth }) {
    return { body: await incidentsForTenant(auth) };
  },
  async startBreachClock({ params, auth, now, uow }) {
    return { body: await startTenantClock(uow, params.incidentId, auth, now) };
  },
  async fileOwnBreach({ params, body, auth, now, uow }) {
    return { body: await fileForTenant(uow, params.incidentId, body, auth, now) };
  },
}, { tenantGate: refuseWhileDormant });
