import { httpHandler } from '../../shared/http/handler.ts';
import { ASSISTANCE_REQUESTS_ROUTES } from '../../shared/http/routes/assistance-requests.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import { createAssistanceRequest, listOwnAssistanceRequests } from '../../shared/services/assistance.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

/** DSR-11: a tenant asks the vendor for assistance; support is e-mailed right after the commit. */
export const handler = httpHandler(ASSISTANCE_REQUESTS_ROUTES, {
  async createAssistanceRequest({ body, auth, now, uow }) {
    const { request, afterCommit } = await createAssistanceRequest(uow, TenantScope.ofTenant(auth), body, auth, now);
    return { body: request, version: request.version, afterCommit };
  },
  async listAssistanceRequests({ query, auth }) {
    const { items, nextCursor } = await listOwnAssistanceRequests(TenantScope.ofTenant(auth), query.limit, query.cursor);
    return { body: { items, ...(nextCursor === undefined ? {} : { nextCursor }) } };
  },
}, { tenantGate: refuseWhileDormant });
