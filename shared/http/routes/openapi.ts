import * as z from 'zod/mini';
import type { RouteDefinition } from '../route-definition.ts';

/** The routes the `openapi` function serves. */
export const OPENAPI_ROUTES = [
  {
    operationId: 'getOpenApi',
    method: 'GET',
    path: '/v1/openapi.json',
    handler: 'openapi',
    auth: 'public',
    summary: 'This API described as OpenAPI 3.1',
    tags: ['meta'],
    response: z.record(z.string(), z.unknown()),
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];
