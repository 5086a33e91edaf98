import * as z from 'zod/mini';
import { listQuery, page } from './schemas/common.ts';
import { maintenance, maintenancePath, scheduleMaintenanceBody } from './schemas/maintenance.ts';
import { statusJsonFeed, statusQuery } from './schemas/status.ts';

/** Seconds a cache may keep the status page and its feeds. */
export const STATUS_CACHE_SECONDS = 60;

/**
 * The maintenance routes (MNT-1, MNT-2): the operator schedules maintenance and records its start
 * and completion; anyone reads the status page and its feeds, without credentials.
 */
export const MAINTENANCE_ROUTES = [
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
  {
    operationId: 'getStatusPage',
    method: 'GET',
    path: '/v1/status',
    handler: 'status-page',
    auth: 'public',
    summary: 'The public status page: current, upcoming and past maintenance and incident notices (HTML, `?lang=sl|en`)',
    tags: ['status'],
    query: statusQuery,
    response: z.string(),
    successStatus: 200,
    produces: 'text/html',
    cacheSeconds: STATUS_CACHE_SECONDS,
  },
  {
    operationId: 'getStatusJsonFeed',
    method: 'GET',
    path: '/v1/status.json',
    handler: 'status-page',
    auth: 'public',
    summary: 'The status page as a JSON Feed 1.1',
    tags: ['status'],
    query: statusQuery,
    response: statusJsonFeed,
    successStatus: 200,
    produces: 'application/feed+json',
    cacheSeconds: STATUS_CACHE_SECONDS,
  },
  {
    operationId: 'getStatusAtomFeed',
    method: 'GET',
    path: '/v1/status.atom',
    handler: 'status-page',
    auth: 'public',
    summary: 'The status page as an Atom feed',
    tags: ['status'],
    query: statusQuery,
    response: z.string(),
    successStatus: 200,
    produces: 'application/atom+xml',
    cacheSeconds: STATUS_CACHE_SECONDS,
  },
] as const;
