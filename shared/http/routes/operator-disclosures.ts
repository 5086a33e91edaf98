import { disclosure, operatorDisclosureBody } from '../../model/disclosure.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { DISCLOSURE_REPLAY, tenantPath } from '../wire.ts';

/**
 * The recipients registry, the disclosure log (AUD-3), Art. 19 notices to recipients (DSR-7) and
 * assistance requests to the vendor (DSR-11), spread into the route table.
 */
export const OPERATOR_DISCLOSURES_ROUTES = [
  {
    operationId: 'operatorRecordDisclosure',
    method: 'POST',
    path: '/v1/operator/tenants/{tenantId}/disclosures',
    handler: 'operator-disclosures',
    auth: 'operator',
    summary: "Record the vendor's disclosure of a tenant's data: only on a court order, an authority's written request or the tenant's instruction; tells the tenant unless the order forbids it",
    tags: ['operator', 'disclosures'],
    params: tenantPath,
    body: operatorDisclosureBody,
    response: disclosure,
    successStatus: 201,
    replayKeeps: DISCLOSURE_REPLAY,
    requiresIdempotencyKey: true,
  },
] as const satisfies readonly RouteDefinition[];
