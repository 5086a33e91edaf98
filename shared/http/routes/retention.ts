import * as z from 'zod/mini';
import { id, page } from '../../model/common.ts';
import { legalHold, liftHoldBody, placeHoldBody, purgeRun, retentionPolicy, retentionPolicyBody } from '../../model/retention.ts';
import { ADMIN } from '../route-definition.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { HOLD_REPLAY, listQuery } from '../wire.ts';

const holdPath = z.strictObject({ holdId: id });

/**
 * The retention routes (RET-1..3): the tenant reads and shortens its retention periods, holds
 * data from the purge and reads what each day's purge did; the operator holds a tenant's data.
 */
export const RETENTION_ROUTES = [
  {
    operationId: 'getRetentionPolicy',
    method: 'GET',
    path: '/v1/retention/policy',
    handler: 'retention',
    auth: 'tenant',
    scopes: ADMIN,
    summary: "The tenant's retention policy: shorter periods per subject category and legal basis, and the years time entries are kept",
    tags: ['retention'],
    response: retentionPolicy,
    successStatus: 200,
  },
  {
    operationId: 'setRetentionPolicy',
    method: 'PATCH',
    path: '/v1/retention/policy',
    handler: 'retention',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Shorten retention periods (never beyond the law’s); given fields replace the stored ones; If-Match with the version read is honoured',
    tags: ['retention'],
    body: retentionPolicyBody,
    response: retentionPolicy,
    successStatus: 200,
  },
  {
    operationId: 'listLegalHolds',
    method: 'GET',
    path: '/v1/retention/holds',
    handler: 'retention',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Legal holds on the tenant’s data, active and lifted, the operator’s included, oldest first',
    tags: ['retention'],
    query: listQuery,
    response: page(legalHold),
    successStatus: 200,
  },
  {
    operationId: 'placeLegalHold',
    problems: ['gone'],
    method: 'POST',
    path: '/v1/retention/holds',
    handler: 'retention',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Hold one subject’s data (subjectId) or all the tenant’s data from the purge, with a reason',
    tags: ['retention'],
    body: placeHoldBody,
    response: legalHold,
    successStatus: 201,
    replayKeeps: HOLD_REPLAY,
  },
  {
    operationId: 'liftLegalHold',
    method: 'POST',
    path: '/v1/retention/holds/{holdId}/lift',
    handler: 'retention',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Lift a hold the tenant placed, with a reason; the purge may then remove what is past retention',
    tags: ['retention'],
    params: holdPath,
    body: liftHoldBody,
    response: legalHold,
    successStatus: 200,
    replayKeeps: HOLD_REPLAY,
  },
  {
    operationId: 'listPurgeRuns',
    method: 'GET',
    path: '/v1/retention/purge-runs',
    handler: 'retention',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'What each day’s purge removed for the tenant, newest first (counts only)',
    tags: ['retention'],
    query: listQuery,
    response: page(purgeRun),
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];
