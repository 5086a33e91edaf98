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
import { auditEntry, listAuditQuery } from './schemas/audit.ts';
import {
  createSubjectBody,
  getSubjectQuery,
  listSubjectsQuery,
  lookupBody,
  restrictionBody,
  subjectPath,
  subjectVersion,
  subjectView,
  tombstone,
  updateSubjectBody,
} from './schemas/subject.ts';
import { createTimeEntryBody, listTimeEntriesQuery, timeEntry } from './schemas/time-entry.ts';
import { BILLING_ROUTES } from './billing-routes.ts';
import { BREACH_COMMUNICATION_ROUTES } from './breach-communication-routes.ts';
import { MAINTENANCE_ROUTES } from './maintenance-routes.ts';
import { INCIDENT_ROUTES } from './incident-routes.ts';
import { RETENTION_ROUTES } from './retention-routes.ts';
import { EXPORT_ROUTES } from './export-routes.ts';
import { DISCLOSURE_ROUTES } from './disclosure-routes.ts';
import { CONSENT_ROUTES } from './consent-routes.ts';
import { PRIVACY_REQUEST_ROUTES } from './privacy-request-routes.ts';

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
export const HTTP_FUNCTIONS = [
  'operator-tenants',
  'api-keys',
  'tenant-profile',
  'subjects',
  'time-entries',
  'audit-trail',
  'billing',
  'operator-billing',
  'tenant-breach-communications',
  'operator-incidents',
  'tenant-incidents',
  'operator-maintenance',
  'status-page',
  'retention',
  'operator-retention',
  'tenant-exports',
  'export-links',
  'disclosures',
  'operator-disclosures',
  'assistance-requests',
  'operator-assistance-requests',
  'privacy-requests',
  'privacy-request-intake',
  'consents',
  'consent-links',
  'openapi',
] as const;
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
  /** 202: accepted for asynchronous work (an export); 303: see the `Location` the operation gives (a download). */
  readonly successStatus: 200 | 201 | 202 | 204 | 303;
  /** Updates take `If-Match` with the version they were read at. */
  readonly requiresIfMatch?: boolean;
  /**
   * For responses with secrets or personal data: the only fields an Idempotency-Key record keeps
   * and a replay shows, so that no idempotency record holds a secret or a personal value.
   */
  readonly replayKeeps?: readonly string[];
  /** A POST that changes nothing (a lookup): Idempotency-Key is ignored. */
  readonly safe?: boolean;
  /** Money moves: a retry without the key could record it twice, so the key is required. */
  readonly requiresIdempotencyKey?: boolean;
  /** A page or a feed rather than JSON: the operation's body is the document, sent as this media type. */
  readonly produces?: 'text/html' | 'application/feed+json' | 'application/atom+xml';
  /** Public documents only: caches may keep the answer this long; an ETag makes GETs conditional. */
  readonly cacheSeconds?: number;
}

const KEY_REPLAY = ['id', 'name', 'scopes', 'status', 'createdAt'];
const SUBJECT_REPLAY = ['id', 'version', 'createdAt', 'updatedAt'];
const ADMIN: readonly Scope[] = ['admin'];
/** Capture devices post and read time entries; administrators may too. */
const CAPTURE: readonly Scope[] = ['capture', 'admin'];

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
    replayKeeps: KEY_REPLAY,
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
    replayKeeps: KEY_REPLAY,
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
    scopes: ADMIN,
    summary: 'Create an API key; the secret is shown once',
    tags: ['api-keys'],
    body: createApiKeyBody,
    response: apiKeyWithSecret,
    successStatus: 201,
    replayKeeps: KEY_REPLAY,
  },
  {
    operationId: 'listApiKeys',
    method: 'GET',
    path: '/v1/api-keys',
    handler: 'api-keys',
    auth: 'tenant',
    scopes: ADMIN,
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
    scopes: ADMIN,
    summary: 'Replace a key with a new secret; the old one keeps working for a grace period',
    tags: ['api-keys'],
    params: tenantKeyPath,
    body: rotateApiKeyBody,
    response: apiKeyWithSecret,
    successStatus: 201,
    replayKeeps: KEY_REPLAY,
  },
  {
    operationId: 'revokeApiKey',
    method: 'DELETE',
    path: '/v1/api-keys/{keyId}',
    handler: 'api-keys',
    auth: 'tenant',
    scopes: ADMIN,
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
    scopes: ADMIN,
    summary: "Read the calling tenant's own profile",
    tags: ['tenant'],
    response: tenant,
    successStatus: 200,
  },
  {
    operationId: 'createSubject',
    method: 'POST',
    path: '/v1/subjects',
    handler: 'subjects',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Create a data subject: category, billable seat, attribute sets with purpose and legal basis',
    tags: ['subjects'],
    body: createSubjectBody,
    response: subjectView,
    successStatus: 201,
    replayKeeps: SUBJECT_REPLAY,
  },
  {
    operationId: 'listSubjects',
    method: 'GET',
    path: '/v1/subjects',
    handler: 'subjects',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'List data subjects, optionally of one category',
    tags: ['subjects'],
    query: listSubjectsQuery,
    response: page(subjectView),
    successStatus: 200,
  },
  {
    operationId: 'lookupSubjects',
    method: 'POST',
    path: '/v1/subjects/lookup',
    handler: 'subjects',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Find data subjects by e-mail or tax number (keyed blind index; the value stays out of URLs)',
    tags: ['subjects'],
    body: lookupBody,
    response: z.object({ items: z.array(subjectView) }),
    successStatus: 200,
    safe: true,
  },
  {
    operationId: 'getSubject',
    method: 'GET',
    path: '/v1/subjects/{subjectId}',
    handler: 'subjects',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Read a data subject, now or as it was at `asOf`',
    tags: ['subjects'],
    params: subjectPath,
    query: getSubjectQuery,
    response: subjectView,
    successStatus: 200,
  },
  {
    operationId: 'updateSubject',
    method: 'PATCH',
    path: '/v1/subjects/{subjectId}',
    handler: 'subjects',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Rectify a data subject (If-Match required); the previous version is kept',
    tags: ['subjects'],
    params: subjectPath,
    body: updateSubjectBody,
    response: subjectView,
    successStatus: 200,
    requiresIfMatch: true,
  },
  {
    operationId: 'eraseSubject',
    method: 'DELETE',
    path: '/v1/subjects/{subjectId}',
    handler: 'subjects',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Erase a data subject everywhere, leaving a non-personal tombstone',
    tags: ['subjects'],
    params: subjectPath,
    response: tombstone,
    successStatus: 200,
  },
  {
    operationId: 'markSubjectUnder13',
    method: 'POST',
    path: '/v1/subjects/{subjectId}/under-13',
    handler: 'subjects',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Flag a data subject as under 13: its personal data is deleted at once',
    tags: ['subjects'],
    params: subjectPath,
    response: tombstone,
    successStatus: 200,
  },
  {
    operationId: 'restrictSubject',
    method: 'POST',
    path: '/v1/subjects/{subjectId}/restriction',
    handler: 'subjects',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Restrict processing: the data is kept, but not exported, captured or notified',
    tags: ['subjects'],
    params: subjectPath,
    body: restrictionBody,
    response: subjectView,
    successStatus: 200,
    replayKeeps: SUBJECT_REPLAY,
  },
  {
    operationId: 'liftSubjectRestriction',
    method: 'DELETE',
    path: '/v1/subjects/{subjectId}/restriction',
    handler: 'subjects',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Lift a restriction of processing',
    tags: ['subjects'],
    params: subjectPath,
    response: subjectView,
    successStatus: 200,
  },
  {
    operationId: 'getSubjectHistory',
    method: 'GET',
    path: '/v1/subjects/{subjectId}/history',
    handler: 'subjects',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Every version of a data subject, oldest first, with time, actor and what changed',
    tags: ['subjects'],
    params: subjectPath,
    query: listQuery,
    response: page(subjectVersion),
    successStatus: 200,
  },
  {
    operationId: 'createTimeEntry',
    method: 'POST',
    path: '/v1/subjects/{subjectId}/time-entries',
    handler: 'time-entries',
    auth: 'tenant',
    scopes: CAPTURE,
    summary: 'Capture a clock event or a time interval for a data subject',
    tags: ['capture'],
    params: subjectPath,
    body: createTimeEntryBody,
    response: timeEntry,
    successStatus: 201,
    replayKeeps: ['id', 'subjectId', 'recordedAt'],
  },
  {
    operationId: 'listTimeEntries',
    method: 'GET',
    path: '/v1/subjects/{subjectId}/time-entries',
    handler: 'time-entries',
    auth: 'tenant',
    scopes: CAPTURE,
    summary: "A data subject's time entries in a time range, oldest first",
    tags: ['capture'],
    params: subjectPath,
    query: listTimeEntriesQuery,
    response: page(timeEntry),
    successStatus: 200,
  },
  {
    operationId: 'listAudit',
    method: 'GET',
    path: '/v1/audit',
    handler: 'audit-trail',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'The audit trail, newest first: who touched which personal data and when (never the values)',
    tags: ['audit'],
    query: listAuditQuery,
    response: page(auditEntry),
    successStatus: 200,
  },
  ...BILLING_ROUTES,
  ...BREACH_COMMUNICATION_ROUTES,
  ...MAINTENANCE_ROUTES,
  ...INCIDENT_ROUTES,
  ...RETENTION_ROUTES,
  ...EXPORT_ROUTES,
  ...DISCLOSURE_ROUTES,
  ...CONSENT_ROUTES,
  ...PRIVACY_REQUEST_ROUTES,
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
