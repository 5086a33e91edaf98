import * as z from 'zod/mini';
import { id, page } from '../../model/common.ts';
import { maintenance, scheduleMaintenanceBody } from '../../model/maintenance.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { listQuery } from '../wire.ts';

const maintenancePath = z.strictObject({ maintenanceId: id });

/**
 * The maintenance routes (MNT-1, MNT-2): the operator schedules maintenance and records its start
 * and completion; anyone reads the status page and its feeds, without credentials.
 */
export const OPERATOR_MAINTENANCE_ROUTES = [
  {
    operationId: 'scheduleMaintenance',
    method: 'POST',
    path: '/v1/operator/maintenance',
    handler: 'operator-maintenance',
    auth: 'operator',
    summary: 'Schedule maintenance: refused inside the minimum lead time unless it is an emergency (not planned maintenance then)',
    tags: ['operator', 'maintenance'],
    body: scheduleMaintenanceBody,
    response: maintenance,
    successStatus: 201,
    // A retry without a key would send the whole fan-out again.
    requiresIdempotencyKey: true,
  },
  {
    operationId: 'listMaintenance',
    method: 'GET',
    path: '/v1/operator/maintenance',
    handler: 'operator-maintenance',
    auth: 'operator',
    summary: 'List maintenance by start time, earliest first',
    tags: ['operator', 'maintenance'],
    query: listQuery,
    response: page(maintenance),
    successStatus: 200,
  },
  {
    operationId: 'getMaintenance',
    method: 'GET',
    path: '/v1/operator/maintenance/{maintenanceId}',
    handler: 'operator-maintenance',
    auth: 'operator',
    summary: 'Read a maintenance with the record of its notices',
    tags: ['operator', 'maintenance'],
    params: maintenancePath,
    response: maintenance,
    successStatus: 200,
  },
  {
    operationId: 'startMaintenance',
    method: 'POST',
    path: '/v1/operator/maintenance/{maintenanceId}/start',
    handler: 'operator-maintenance',
    auth: 'operator',
    summary: 'Record that the work has started (otherwise it starts at its announced time); the start notice goes out',
    tags: ['operator', 'maintenance'],
    params: maintenancePath,
    response: maintenance,
    successStatus: 200,
  },
  {
    operationId: 'completeMaintenance',
    method: 'POST',
    path: '/v1/operator/maintenance/{maintenanceId}/completion',
    handler: 'operator-maintenance',
    auth: 'operator',
    summary: 'Record that the work is completed; the completion notice goes out',
    tags: ['operator', 'maintenance'],
    params: maintenancePath,
    response: maintenance,
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];
