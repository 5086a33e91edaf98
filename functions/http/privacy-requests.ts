import { httpHandler } from '../../shared/http/handler.ts';
import { PRIVACY_REQUESTS_ROUTES } from '../../shared/http/routes/privacy-requests.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import { declineRequest, extendRequest, recordFeePaid, requestFee, verifyIdentity, withdrawRequest } from '../../shared/services/privacy-requests/decisions.ts';
import { fulfilRequest } from '../../shared/services/privacy-requests/fulfilment.ts';
import { createRequest } from '../../shared/services/privacy-requests/intake.ts';
import { listRequests, readRequest } from '../../shared/services/privacy-requests/requests.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler(PRIVACY_REQUESTS_ROUTES, {
  async createPrivacyRequest({ body, auth, now, uow }) {
    return { body: await createRequest(uow, TenantScope.ofTenant(auth), body, auth, now) };
  },
  async listPrivacyRequests({ query, auth, now }) {
    return { body: await listRequests(TenantScope.ofTenant(auth), query.state, query.limit, query.cursor, auth, now) };
  },
  async getPrivacyRequest({ params, auth, now }) {
    return { body: await readRequest(TenantScope.ofTenant(auth), params.requestId, auth, now) };
  },
  async verifyPrivacyRequester({ params, body, auth, now, uow }) {
    return { body: await verifyIdentity(uow, TenantScope.ofTenant(auth), params.requestId, body, auth, now) };
  },
  async extendPrivacyRequest({ params, body, auth, now, uow }) {
    const { request, afterCommit } = await extendRequest(uow, TenantScope.ofTenant(auth), params.requestId, body, auth, now);
    return { body: request, afterCommit };
  },
  async requestPrivacyRequestFee({ params, body, auth, now, uow }) {
    const { request, afterCommit } = await requestFee(uow, TenantScope.ofTenant(auth), params.requestId, body, auth, now);
    return { body: request, afterCommit };
  },
  async recordPrivacyRequestFeePaid({ params, auth, now, uow }) {
    return { body: await recordFeePaid(uow, TenantScope.ofTenant(auth), params.requestId, auth, now) };
  },
  async declinePrivacyRequest({ params, body, auth, now, uow }) {
    const { request, afterCommit } = await declineRequest(uow, TenantScope.ofTenant(auth), params.requestId, body, auth, now);
    return { body: request, afterCommit };
  },
  async fulfilPrivacyRequest({ params, body, auth, now, uow }) {
    const { request, afterCommit, explainConflict } = await fulfilRequest(uow, TenantScope.ofTenant(auth), params.requestId, body, auth, now);
    return { body: request, afterCommit, ...(explainConflict === undefined ? {} : { explainConflict }) };
  },
  async withdrawPrivacyRequest({ params, auth, now, uow }) {
    const { request, afterCommit } = await withdrawRequest(uow, TenantScope.ofTenant(auth), params.requestId, auth, now);
    return { body: request, afterCommit };
  },
}, { tenantGate: refuseWhileDormant });
