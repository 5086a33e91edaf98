import * as z from 'zod/mini';
import { id, page } from '../../model/common.ts';
import { legalHold, liftHoldBody, operatorHoldBody } from '../../model/retention.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { HOLD_REPLAY, listQuery, tenantPath } from '../wire.ts';

const operatorHoldPath = z.extend(tenantPath, { holdId: id });

/**
 * The retention routes (RET-1..3): the tenant reads and shortens its retention periods, holds
 * data from the purge and reads what each day's purge did; the operator holds a tenant's data.
 */
export const OPERATOR_RETENTION_ROUTES = [
  {
    operationId: 'operatorListLegalHolds',
    method: 'GET',
    path: '/v1/operator/tenants/{tenantId}/legal-holds',
    handler: 'operator-retention',
    auth: 'operator',
    summary: 'Legal holds the operator placed on a tenant’s data, oldest first',
    tags: ['operator', 'retention'],
    params: tenantPath,
    query: listQuery,
    response: page(legalHold),
    successStatus: 200,
  },
  {
    operationId: 'operatorPlaceLegalHold',
    problems: ['gone'],
    method: 'POST',
    path: '/v1/operator/tenants/{tenantId}/legal-holds',
    handler: 'operator-retention',
    auth: 'operator',
    summary: 'Hold all of a tenant’s data from the purge (e.g. an authority’s order), with a reason',
    tags: ['operator', 'retention'],
    params: tenantPath,
    body: operatorHoldBody,
    response: legalHold,
    successStatus: 201,
    replayKeeps: HOLD_REPLAY,
  },
  {
    operationId: 'operatorLiftLegalHold',
    method: 'POST',
    path: '/v1/operator/tenants/{tenantId}/legal-holds/{holdId}/lift',
    handler: 'operator-retention',
    auth: 'operator',
    summary: 'Lift a hold the operator placed, with a reason',
    tags: ['operator', 'retention'],
    params: operatorHoldPath,
    body: liftHoldBody,
    response: legalHold,
    successStatus: 200,
    replayKeeps: HOLD_REPLAY,
  },
] as const satisfies readonly RouteDefinition[];
