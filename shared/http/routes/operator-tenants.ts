import { page } from '../../model/common.ts';
import { createTenantBody, tenant, tenantSummary, updateTenantBody } from '../../model/tenant.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { listQuery, tenantPath } from '../wire.ts';

/** The routes the `operator-tenants` function serves. */
export const OPERATOR_TENANTS_ROUTES = [
  {
    operationId: 'createTenant',
    method: 'POST',
    path: '/v1/operator/tenants',
    handler: 'operator-tenants',
    auth: 'operator',
    summary: 'Register a tenant with its contacts and its acceptance of the terms',
    tags: ['operator'],
    body: createTenantBody,
    response: tenant,
    successStatus: 201,
    replayKeeps: ['id', 'name', 'status', 'version', 'createdAt'],
  },
  {
    operationId: 'listTenants',
    method: 'GET',
    path: '/v1/operator/tenants',
    handler: 'operator-tenants',
    auth: 'operator',
    summary: 'List tenants, oldest first',
    tags: ['operator'],
    query: listQuery,
    response: page(tenantSummary),
    successStatus: 200,
  },
  {
    operationId: 'getTenant',
    method: 'GET',
    path: '/v1/operator/tenants/{tenantId}',
    handler: 'operator-tenants',
    auth: 'operator',
    summary: 'Read a tenant',
    tags: ['operator'],
    params: tenantPath,
    response: tenant,
    successStatus: 200,
  },
  {
    operationId: 'updateTenant',
    method: 'PATCH',
    path: '/v1/operator/tenants/{tenantId}',
    handler: 'operator-tenants',
    auth: 'operator',
    summary: 'Change a tenant (If-Match required)',
    tags: ['operator'],
    params: tenantPath,
    body: updateTenantBody,
    response: tenant,
    successStatus: 200,
    requiresIfMatch: true,
  },
] as const satisfies readonly RouteDefinition[];
