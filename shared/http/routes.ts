import * as z from 'zod/mini';
import type { Schema } from './schemas/zod.ts';
import { listQuery, page } from './schemas/common.ts';
import {
  apiKey,
  apiKeyWithSecret,
  createApiKeyBody,
  operatorKeyPath,
  rotateApiKeyBody,
  tenantKeyPath,
} from './schemas/api-key.ts';
import type { Scope } from './schemas/api-key.ts';
import { createTenantBody, tenant, tenantPath, tenantSummary, updateTenantBody } from './schemas/tenant.ts';

/**
 * The route table: the one declaration that the CDK stack, the local platform, the handlers'
 * dispatch and the OpenAPI document all read, so they cannot drift apart.
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * `tenant`: a tenant API key through the REQUEST authorizer. `operator`: AWS IAM (SigV4) in the
 * cloud, the operator token on the local platform (TEN-4). `public`: no credentials.
 */
export type AuthKind = 'tenant' | 'operator' | 'public';

/** Each name is one Lambda function and one module `functions/http/<name>.ts`. */
export const HTTP_FUNCTIONS = ['operator-tenants', 'api-keys', 'tenant-profile', 'openapi'] as const;
export type HttpFunctionName = (typeof HTTP_FUNCTIONS)[number];

export interface RouteDefinition {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** API Gateway resource path, with `{param}` placeholders. */
  readonly path: string;
  readonly handler: HttpFunctionName;
  readonly auth: AuthKind;
  /** For tenant routes: the key needs at least one of these scopes. */
  readonly scopes?: readonly Scope[];
  readonly summary: string;
  readonly tags: readonly string[];
  readonly params?: Schema;
  readonly query?: Schema;
  readonly body?: Schema;
  readonly response: Schema;
  readonly successStatus: 200 | 201 | 204;
  /** Updates take `If-Match` with the version they were read at. */
  readonly requiresIfMatch?: boolean;
  /** Response fields shown once (secrets): an Idempotency-Key replay leaves them out. */
  readonly shownOnce?: readonly string[];
}

export const ROUTES = [
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
  {
    operationId: 'operatorCreateApiKey',
    method: 'POST',
    path: '/v1/operator/tenants/{tenantId}/api-keys',
    handler: 'api-keys',
    auth: 'operator',
    summary: "Create a tenant's API key (its first one, typically); the secret is shown once",
    tags: ['operator', 'api-keys'],
    params: tenantPath,
    body: createApiKeyBody,
    response: apiKeyWithSecret,
    successStatus: 201,
    shownOnce: ['secret'],
  },
  {
    operationId: 'operatorListApiKeys',
    method: 'GET',
    path: '/v1/operator/tenants/{tenantId}/api-keys',
    handler: 'api-keys',
    auth: 'operator',
    summary: "List a tenant's API keys",
    tags: ['operator', 'api-keys'],
    params: tenantPath,
    query: listQuery,
    response: page(apiKey),
    successStatus: 200,
  },
  {
    operationId: 'operatorRotateApiKey',
    method: 'POST',
    path: '/v1/operator/tenants/{tenantId}/api-keys/{keyId}/rotate',
    handler: 'api-keys',
    auth: 'operator',
    summary: "Rotate a tenant's API key",
    tags: ['operator', 'api-keys'],
    params: operatorKeyPath,
    body: rotateApiKeyBody,
    response: apiKeyWithSecret,
    successStatus: 201,
    shownOnce: ['secret'],
  },
  {
    operationId: 'operatorRevokeApiKey',
    method: 'DELETE',
    path: '/v1/operator/tenants/{tenantId}/api-keys/{keyId}',
    handler: 'api-keys',
    auth: 'operator',
    summary: "Revoke a tenant's API key at once",
    tags: ['operator', 'api-keys'],
    params: operatorKeyPath,
    response: apiKey,
    successStatus: 200,
  },
  {
    operationId: 'createApiKey',
    method: 'POST',
    path: '/v1/api-keys',
    handler: 'api-keys',
    auth: 'tenant',
    scopes: ['admin'],
    summary: 'Create an API key; the secret is shown once',
    tags: ['api-keys'],
    body: createApiKeyBody,
    response: apiKeyWithSecret,
    successStatus: 201,
    shownOnce: ['secret'],
  },
  {
    operationId: 'listApiKeys',
    method: 'GET',
    path: '/v1/api-keys',
    handler: 'api-keys',
    auth: 'tenant',
    scopes: ['admin'],
    summary: "List the tenant's API keys, flagging those due for rotation",
    tags: ['api-keys'],
    query: listQuery,
    response: page(apiKey),
    successStatus: 200,
  },
  {
    operationId: 'rotateApiKey',
    method: 'POST',
    path: '/v1/api-keys/{keyId}/rotate',
    handler: 'api-keys',
    auth: 'tenant',
    scopes: ['admin'],
    summary: 'Replace a key with a new secret; the old one keeps working for a grace period',
    tags: ['api-keys'],
    params: tenantKeyPath,
    body: rotateApiKeyBody,
    response: apiKeyWithSecret,
    successStatus: 201,
    shownOnce: ['secret'],
  },
  {
    operationId: 'revokeApiKey',
    method: 'DELETE',
    path: '/v1/api-keys/{keyId}',
    handler: 'api-keys',
    auth: 'tenant',
    scopes: ['admin'],
    summary: 'Revoke a key at once',
    tags: ['api-keys'],
    params: tenantKeyPath,
    response: apiKey,
    successStatus: 200,
  },
  {
    operationId: 'getOwnTenant',
    method: 'GET',
    path: '/v1/tenant',
    handler: 'tenant-profile',
    auth: 'tenant',
    scopes: ['admin'],
    summary: "Read the calling tenant's own profile",
    tags: ['tenant'],
    response: tenant,
    successStatus: 200,
  },
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

export type Route = (typeof ROUTES)[number];
export type OperationId = Route['operationId'];
export type RoutesOf<H extends HttpFunctionName> = Extract<Route, { handler: H }>;

export function findRoute(method: string, resource: string): RouteDefinition | undefined {
  return ROUTES.find((r) => r.method === method && r.path === resource);
}
