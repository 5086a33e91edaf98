import * as z from 'zod/mini';
import { page } from '../../model/common.ts';
import { statusJsonFeed } from '../../model/status.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { LANGUAGES } from '../../model/tenant.ts';

/** `?lang=sl|en`; without it the page follows `Accept-Language`, English when neither fits. */
const statusQuery = z.strictObject({ lang: z.optional(z.enum(LANGUAGES)) });

/** Seconds a cache may keep the status page and its feeds. */
const STATUS_CACHE_SECONDS = 60;

/**
 * The maintenance routes (MNT-1, MNT-2): the operator schedules maintenance and records its start
 * and completion; anyone reads the status page and its feeds, without credentials.
 */
export const STATUS_PAGE_ROUTES = [
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
] as const satisfies readonly RouteDefinition[];
