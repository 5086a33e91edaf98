import { tenant } from '../../model/tenant.ts';
import { ADMIN } from '../route-definition.ts';
import type { RouteDefinition } from '../route-definition.ts';

/** The routes the `tenant-profile` function serves. */
export const TENANT_PROFILE_ROUTES = [
  {
    operationId: 'getOwnTenant',
    method: 'GET',
    path: '/v1/tenant',
    handler: 'tenant-profile',
    auth: 'tenant',
    scopes: ADMIN,
    summary: "Read the calling tenant's own profile",
    tags: ['tenant'],
    response: tenant,
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];
