import { httpHandler } from '../../shared/http/handler.ts';
import { OPERATOR_ASSISTANCE_REQUESTS_ROUTES } from '../../shared/http/routes/operator-assistance-requests.ts';
import { resolveAssistanceRequest } from '../../shared/services/assistance.ts';
import { listAllAssistanceRequests } from '../../shared/store/assistance.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

/** DSR-11: the operator's queue of assistance requests and their resolution (minutes, billing). */
export const handler = httpHandler(OPERATOR_ASSISTANCE_REQUESTS_ROUTES, {
  async operatorListAssistanceRequests({ query }) {
    const { items, nextCursor } = await listAllAssistanceRequests(query.status, query.limit, query.cursor);
    return { body: { items, ...(nextCursor === undefined ? {} : { nextCursor }) } };
  },
  async resolveAssistanceRequest({ params, body, auth, now, uow }) {
    const resolved = await resolveAssistanceRequest(uow, TenantScope.named(params.tenantId), params.assistanceId, body, auth, now);
    return { body: resolved, version: resolved.version };
  },
});
