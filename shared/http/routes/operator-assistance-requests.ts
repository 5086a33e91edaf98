import * as z from 'zod/mini';
import { ASSISTANCE_STATUSES, assistanceRequest, resolveAssistanceBody } from '../../model/assistance.ts';
import { id, page } from '../../model/common.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { ASSISTANCE_REPLAY, cursor, limit } from '../wire.ts';

const assistancePath = z.strictObject({ tenantId: id, assistanceId: id });
const listAssistanceQuery = z.strictObject({
  status: z.optional(z.enum(ASSISTANCE_STATUSES)),
  limit: limit(100, 25),
  cursor,
});

/**
 * The recipients registry, the disclosure log (AUD-3), Art. 19 notices to recipients (DSR-7) and
 * assistance requests to the vendor (DSR-11), spread into the route table.
 */
export const OPERATOR_ASSISTANCE_REQUESTS_ROUTES = [
  {
    operationId: 'operatorListAssistanceRequests',
    method: 'GET',
    path: '/v1/operator/assistance-requests',
    handler: 'operator-assistance-requests',
    auth: 'operator',
    summary: 'Assistance requests of every tenant, oldest first, open or resolved',
    tags: ['operator', 'assistance'],
    query: listAssistanceQuery,
    response: page(assistanceRequest),
    successStatus: 200,
  },
  {
    operationId: 'resolveAssistanceRequest',
    method: 'POST',
    path: '/v1/operator/tenants/{tenantId}/assistance-requests/{assistanceId}/resolution',
    handler: 'operator-assistance-requests',
    auth: 'operator',
    summary: 'Resolve an assistance request once: minutes spent, and a net amount billed (EUR cents) or the reason it is not',
    tags: ['operator', 'assistance'],
    params: assistancePath,
    body: resolveAssistanceBody,
    response: assistanceRequest,
    successStatus: 200,
    replayKeeps: ASSISTANCE_REPLAY,
    // Money: a retry must not resolve or bill twice.
    requiresIdempotencyKey: true,
  },
] as const satisfies readonly RouteDefinition[];
