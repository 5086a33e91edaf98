import { assistanceRequest, createAssistanceRequestBody } from '../../model/assistance.ts';
import { page } from '../../model/common.ts';
import { ADMIN } from '../route-definition.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { ASSISTANCE_REPLAY, listQuery } from '../wire.ts';

/**
 * The recipients registry, the disclosure log (AUD-3), Art. 19 notices to recipients (DSR-7) and
 * assistance requests to the vendor (DSR-11), spread into the route table.
 */
export const ASSISTANCE_REQUESTS_ROUTES = [
  {
    operationId: 'createAssistanceRequest',
    method: 'POST',
    path: '/v1/assistance-requests',
    handler: 'assistance-requests',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Ask the vendor for help with a privacy request the API cannot answer; recorded, e-mailed to support, and may be billed',
    tags: ['assistance'],
    body: createAssistanceRequestBody,
    response: assistanceRequest,
    successStatus: 201,
    replayKeeps: ASSISTANCE_REPLAY,
    // A retry without a key would open a second request (and mail support twice).
    requiresIdempotencyKey: true,
  },
  {
    operationId: 'listAssistanceRequests',
    method: 'GET',
    path: '/v1/assistance-requests',
    handler: 'assistance-requests',
    auth: 'tenant',
    scopes: ADMIN,
    summary: "The tenant's assistance requests, oldest first, with their resolution and billing",
    tags: ['assistance'],
    query: listQuery,
    response: page(assistanceRequest),
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];
