import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startApiServer } from '../../local/api-server.ts';
import type { LocalApi } from '../../local/api-server.ts';
import { installLocalAuditQueue } from '../../local/audit-queue.ts';
import type { LocalAuditQueue } from '../../local/audit-queue.ts';
import { CURRENT_TERMS_VERSION } from '../../shared/config/terms.ts';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import { LOCAL_MANAGEMENT_SECRET_VARIABLE } from '../../shared/clients/api-gateway.ts';
import type { RouteDefinition } from '../../shared/http/route-definition.ts';
import { useTopicPublisher } from '../../shared/clients/sns.ts';
import { LocalTopic } from '../../local/sns.ts';

/** The operator token the API servers of tests (and the benchmark, which sets it) accept. */
export const OPERATOR_TOKEN = process.env.TEST_OPERATOR_TOKEN ?? `op_test_${randomBytes(8).toString('hex')}`;

/**
 * The file's secret for the management API, given to the handlers as the local platform gives it
 * to the functions that flush the authorizer cache; every API server of the file takes it. A job
 * run in a child process inherits it with the environment.
 */
export const MANAGEMENT_SECRET = (process.env[LOCAL_MANAGEMENT_SECRET_VARIABLE] ??= `mgmt_test_${randomBytes(16).toString('hex')}`);

/**
 * Starts this file's API server (the local platform's, on the port the environment chose), its
 * local read-audit queue and its local notice topic.
 */
export function useApi(): { readonly api: LocalApi; readonly auditQueue: LocalAuditQueue; readonly topic: LocalTopic } {
  const holder = {} as { api: LocalApi; auditQueue: LocalAuditQueue; topic: LocalTopic };
  beforeAll(async () => {
    // The notice topic as the local platform installs it: tests read what was published.
    holder.topic = new LocalTopic();
    useTopicPublisher(holder.topic);
    holder.auditQueue = await installLocalAuditQueue();
    fileAuditQueue = holder.auditQueue;
    // Without the public routes' per-address limits: a test file is one client that calls them
    // many times on purpose; test/local/rate-limit.test.ts proves the limits on a server of its own.
    holder.api = await startApiServer({ port: Number(process.env.TEST_API_PORT), operatorToken: OPERATOR_TOKEN, managementSecret: MANAGEMENT_SECRET, rateLimits: [] });
  });
  // A test that sets the platform's clock sets it for itself alone.
  afterEach(() => holder.api?.clock.reset());
  afterAll(async () => {
    await holder.api?.stop();
  });
  return holder;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

/** Routes that require an Idempotency-Key, as path patterns. */
const KEYED = ROUTES.filter((r) => r.method === 'POST' && (r as RouteDefinition).requiresIdempotencyKey).map(
  (r) => new RegExp(`^${r.path.replace(/\{\w+\}/g, '[^/]+')}$`),
);

/**
 * A request as a careful client sends it: a POST to a route that requires an Idempotency-Key gets a
 * fresh one unless the test gives its own or asks for none (`withoutIdempotencyKey`).
 */
export async function request(
  api: LocalApi,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; withoutIdempotencyKey?: boolean } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const keyed = method === 'POST' && KEYED.some((p) => p.test(path.split('?')[0]!));
  if (keyed && !options.withoutIdempotencyKey && !Object.keys(headers).some((h) => h.toLowerCase() === 'idempotency-key')) {
    headers['Idempotency-Key'] = randomBytes(12).toString('hex');
  }
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  // A 303 (a download) is an answer to check, not a link to follow.
  const response = await fetch(`${api.url}${path}`, { method, headers, redirect: 'manual', ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
}

export function tenantInput(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Acme d.o.o.',
    country: 'SI',
    language: 'en',
    contacts: { administrator: { name: 'Ana Admin', email: 'ana@acme.example' } },
    termsAcceptance: { version: CURRENT_TERMS_VERSION, accepted: true },
    ...overrides,
  };
}

/** A tenant and an API key for it, made through the API as an operator would. */
export async function newTenantWithKey(api: LocalApi, scopes: string[] = ['admin'], overrides: Record<string, unknown> = {}) {
  const tenant = await request(api, 'POST', '/v1/operator/tenants', { token: OPERATOR_TOKEN, body: tenantInput(overrides) });
  if (tenant.status !== 201) throw new Error(`tenant not created: ${JSON.stringify(tenant.body)}`);
  const key = await request(api, 'POST', `/v1/operator/tenants/${tenant.body.id}/api-keys`, {
    token: OPERATOR_TOKEN,
    body: { name: 'test key', scopes },
  });
  if (key.status !== 201) throw new Error(`key not created: ${JSON.stringify(key.body)}`);
  return { tenantId: tenant.body.id as string, tenant: tenant.body, keyId: key.body.id as string, key: key.body.secret as string };
}

let fileAuditQueue: LocalAuditQueue | undefined;

/**
 * Every item of this file's table: what "nothing was written" is checked against. Read audits
 * still queued are written first, so they never show up as a late change.
 */
export async function allItems(): Promise<Record<string, unknown>[]> {
  await fileAuditQueue?.drain();
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(new ScanCommand({ TableName: process.env.TABLE_NAME!, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Sends a request that must be refused, and checks that the table is exactly as it was. */
export async function refusedWithoutWrites(send: () => Promise<Reply>): Promise<Reply> {
  const snapshot = async () => (await allItems()).map((i) => JSON.stringify(i)).sort();
  const before = await snapshot();
  const reply = await send();
  expect(await snapshot()).toEqual(before);
  return reply;
}
