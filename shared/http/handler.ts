import { createHash } from 'node:crypto';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Schema } from '../model/zod.ts';
import { RuleViolation } from '../domain/rule-violation.ts';
import { logger } from '../powertools/logger.ts';
import { metrics } from '../powertools/metrics.ts';
import { InvalidCursor } from '../store/cursor.ts';
import {
  IDEMPOTENCY_LABEL,
  findIdempotencyRecord,
  fingerprintOf,
  newSalt,
  recordIdempotency,
} from '../store/idempotency.ts';
import type { IdempotencyRecord, StoredResponse } from '../store/idempotency.ts';
import { keys } from '../store/keys.ts';
import { ConditionFailed, UnitOfWork } from '../store/unit-of-work.ts';
import { asTenant, withinPartitions } from '../clients/dynamodb.ts';
import { operatorAuthFrom, tenantAuthFrom } from './auth.ts';
import type { Auth, OperatorAuth, PublicAuth, TenantAuth } from './auth.ts';
import { PROBLEM_CONTENT_TYPE, Problem } from './problem.ts';
import {
  etag,
  lowerCaseHeaders,
  parseIdempotencyKey,
  parseIfMatch,
  parseJsonBody,
  rawBody,
  validate,
} from './request.ts';
import { requestTime } from './request-time.ts';
import { HTTP_TABLE_REACH } from './table-reach.ts';
import { dependencyFailure } from './dependency-failure.ts';
import { takesIdempotencyKey } from './route-definition.ts';
import type { RouteDefinition } from './route-definition.ts';

type Infer<R, K extends string> = R extends { [P in K]: infer S extends Schema } ? z.output<S> : undefined;
type AuthOf<R> = R extends { auth: 'tenant' } ? TenantAuth : R extends { auth: 'operator' } ? OperatorAuth : PublicAuth;

export interface OperationInput<R extends RouteDefinition> {
  params: Infer<R, 'params'>;
  query: Infer<R, 'query'>;
  body: Infer<R, 'body'>;
  auth: AuthOf<R>;
  /** The version from If-Match, on routes that require it. */
  ifMatch: number | undefined;
  /** Request headers, names in lower case (a page's language follows `accept-language`). */
  headers: Record<string, string>;
  /** Request time: every rule takes it rather than reading the clock. */
  now: Date;
  /** Writes collected here commit in one transaction after the operation returns. */
  uow: UnitOfWork;
}

export interface OperationOutput {
  body: unknown;
  /** Sent as the ETag for If-Match. */
  version?: number;
  /** Routes answering 303: where the client goes next (a short-lived download link). */
  location?: string;
  /** Side effects outside the table, run once the transaction has committed. */
  afterCommit?: () => Promise<void>;
  /** Turns a failed write condition into the right problem (it may read to find out which). */
  explainConflict?: (error: ConditionFailed) => Promise<never>;
}

export type Operation<R extends RouteDefinition> = (input: OperationInput<R>) => Promise<OperationOutput>;

/** One operation per route of the function, named by its operationId. */
export type Operations<Rs extends readonly RouteDefinition[]> = {
  [R in Rs[number] as R['operationId']]: Operation<R>;
};

/**
 * Runs before every tenant operation, once the key's scopes passed: what the tenant's lifecycle
 * allows it (the dormancy gate, DUN-3). It throws the problem to answer with.
 */
export type TenantGate = (route: RouteDefinition, auth: TenantAuth) => Promise<void>;

/**
 * obligation: TEN-3 — the tenant a public or operator route of a function serving tenants acts
 * for, from its validated input (the tenant id a signed link, the intake form or an operator's
 * path names): the operation then reaches only that tenant's partitions. `undefined`: the input
 * names no tenant, and the operation reaches nothing.
 */
export type NamedTenant = (input: { params?: unknown; body?: unknown }) => string | undefined;

/**
 * A function with a tenant route must name its tenant gate: no tenant route can skip it. A function
 * with public routes that act for a tenant names how to find it.
 */
type HandlerOptions<Rs extends readonly RouteDefinition[]> = [Extract<Rs[number], { auth: 'tenant' }>] extends [never]
  ? [] | [{ namedTenant: NamedTenant }]
  : [{ tenantGate: TenantGate; namedTenant?: NamedTenant }];

interface Gates {
  tenantGate?: TenantGate;
  namedTenant?: NamedTenant;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
    body: status === 204 ? '' : JSON.stringify(body),
  };
}

/** A printable document: nothing in it may run or load from elsewhere. */
function page(status: number, html: string): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
    },
    body: html,
  };
}

/** A document of the route's own media type: a page, or a feed (JSON Feed, Atom). */
function document(route: RouteDefinition, shown: unknown): APIGatewayProxyResult {
  if (route.produces === 'text/html') return page(route.successStatus, shown as string);
  return {
    statusCode: route.successStatus,
    headers: { 'Content-Type': `${route.produces}; charset=utf-8`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
    body: typeof shown === 'string' ? shown : JSON.stringify(shown),
  };
}

/**
 * A public document that caches may keep for `maxAgeSeconds`, with an ETag of its bytes: a
 * conditional GET with a matching `If-None-Match` gets 304 and no body. It varies with the
 * language the request asks for.
 */
function cacheable(response: APIGatewayProxyResult, maxAgeSeconds: number, headers: Record<string, string>): APIGatewayProxyResult {
  const tag = `"${createHash('sha256').update(response.body).digest('base64url').slice(0, 22)}"`;
  const caching = { 'Cache-Control': `public, max-age=${maxAgeSeconds}`, ETag: tag, Vary: 'Accept-Language' };
  const given = headers['if-none-match']?.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (given?.includes(tag) || given?.includes('*')) {
    return { statusCode: 304, headers: caching, body: '' };
  }
  return { ...response, headers: { ...response.headers, ...caching } };
}

export function problemResponse(problem: Problem, instance?: string, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: problem.status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(problem.body(instance)),
  };
}

function authenticate(route: RouteDefinition, event: APIGatewayProxyEvent): Auth {
  if (route.auth === 'public') return { kind: 'public' };
  if (route.auth === 'operator') {
    const auth = operatorAuthFrom(event);
    if (!auth) throw new Problem('forbidden', 'This route needs operator credentials');
    return auth;
  }
  const auth = tenantAuthFrom(event);
  if (!auth) throw new Problem('unauthorized', 'Send a valid API key as a Bearer token');
  const needed = route.scopes ?? [];
  if (needed.length > 0 && !needed.some((s) => auth.scopes.includes(s))) {
    throw new Problem('forbidden', `This route needs the scope: ${needed.join(' or ')}`);
  }
  return auth;
}

/** What the route's function reaches beside a tenant's partitions (shared/http/table-reach.ts). */
function beyondOf(route: RouteDefinition) {
  const reach = HTTP_TABLE_REACH[route.handler];
  return reach?.via === 'tenant' ? reach.beyond : undefined;
}

/**
 * Where a request's idempotency record lives: a tenant's in its own partition; an operator's that
 * acts for a named tenant there too (its tenant credentials reach nothing else, and the tenant's
 * deletion takes it along), keyed by the operator as well; any other operator's outside every
 * tenant's key space.
 */
function idempotencyKeyFor(auth: Auth, route: RouteDefinition, path: string, key: string, tenantId: string | undefined) {
  const digest = (s: string) => createHash('sha256').update(s).digest('hex');
  if (auth.kind === 'tenant') return keys.tenantIdempotency(auth.tenantId, digest(`${route.operationId} ${path} ${key}`));
  const who = auth.kind === 'operator' ? auth.principal : 'public';
  const hash = digest(`${who} ${route.operationId} ${path} ${key}`);
  return tenantId === undefined ? keys.operatorIdempotency(hash) : keys.tenantIdempotency(tenantId, hash);
}

function replay(stored: StoredResponse): APIGatewayProxyResult {
  return { statusCode: stored.status, headers: { ...stored.headers, 'Idempotent-Replayed': 'true' }, body: stored.body };
}

/** What an idempotency record keeps of a response: no secret and no personal value. */
function forReplay(route: RouteDefinition, body: string): string {
  if (!route.replayKeeps) return body;
  const parsed = JSON.parse(body) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(route.replayKeeps.filter((f) => f in parsed).map((f) => [f, parsed[f]])));
}

async function dispatch(
  routes: readonly RouteDefinition[],
  operations: Record<string, Operation<RouteDefinition>>,
  gates: Gates,
  event: APIGatewayProxyEvent,
): Promise<APIGatewayProxyResult> {
  const route = routes.find((r) => r.method === event.httpMethod && r.path === event.resource);
  if (!route) return problemResponse(new Problem('notFound', 'No such route'), event.path);
  const response = await respond(route, operations[route.operationId]!, gates, event);
  metrics.addMetric(`${route.operationId}.${Math.floor(response.statusCode / 100)}xx`, 'Count', 1);
  return response;
}

/**
 * A failed write condition that the operation did not expect: someone changed the item. It is a
 * failed precondition (412) only for a request that sent one (If-Match).
 */
function conflictOf(error: ConditionFailed, route: RouteDefinition): Problem {
  return route.requiresIfMatch && error.label.endsWith('-version')
    ? new Problem('preconditionFailed', 'The resource changed meanwhile; read it again')
    : new Problem('conflict', 'The resource changed meanwhile; retry');
}

async function respond(
  route: RouteDefinition,
  operation: Operation<RouteDefinition>,
  gates: Gates,
  event: APIGatewayProxyEvent,
): Promise<APIGatewayProxyResult> {
  const now = requestTime(event);
  try {
    const auth = authenticate(route, event);
    const reach = HTTP_TABLE_REACH[route.handler];
    const run = () => serve(route, operation, gates, event, auth, now);
    // obligation: TEN-3 — a tenant's request runs with the tenant's table client from the gate on;
    // a public request of a function serving tenants reaches nothing until its input names one.
    if (auth.kind === 'tenant') return await asTenant(auth.tenantId, run, beyondOf(route));
    if (reach?.via === 'table') return await run();
    return await withinPartitions(reach?.via === 'partitions' ? reach.partitions : [], run);
  } catch (error) {
    return answerFailure(error, route, event);
  }
}

async function serve(
  route: RouteDefinition,
  operation: Operation<RouteDefinition>,
  gates: Gates,
  event: APIGatewayProxyEvent,
  auth: Auth,
  now: Date,
): Promise<APIGatewayProxyResult> {
  if (auth.kind === 'tenant') await gates.tenantGate!(route, auth);
  const headers = lowerCaseHeaders(event);
  const body = rawBody(event);
  const input = {
    params: route.params ? validate(route.params, event.pathParameters ?? {}, 'path') : undefined,
    query: route.query ? validate(route.query, event.queryStringParameters ?? {}, 'query') : undefined,
    body: route.body ? validate(route.body, parseJsonBody(headers, body), 'body') : undefined,
    ifMatch: route.requiresIfMatch ? parseIfMatch(headers) : undefined,
    headers,
    auth,
    now,
    uow: new UnitOfWork(),
  } as OperationInput<RouteDefinition>;

  const namedTenant = auth.kind === 'tenant' ? undefined : gates.namedTenant?.(input);
  if (namedTenant !== undefined) {
    return await asTenant(namedTenant, () => perform(route, operation, event, input, headers, body, now, namedTenant), beyondOf(route));
  }
  return await perform(route, operation, event, input, headers, body, now, undefined);
}

async function perform(
  route: RouteDefinition,
  operation: Operation<RouteDefinition>,
  event: APIGatewayProxyEvent,
  input: OperationInput<RouteDefinition>,
  headers: Record<string, string>,
  body: string | undefined,
  now: Date,
  namedTenant: string | undefined,
): Promise<APIGatewayProxyResult> {
  const { auth } = input;
  const key = takesIdempotencyKey(route) ? parseIdempotencyKey(headers) : undefined;
  if (key === undefined && route.requiresIdempotencyKey) {
    throw new Problem('invalidRequest', 'This route records money: send an Idempotency-Key so a retry cannot record it twice', {
      invalidParams: [{ in: 'header', name: 'Idempotency-Key', reason: 'is required on this route' }],
    });
  }
  const recordKey = key === undefined ? undefined : idempotencyKeyFor(auth, route, event.path, key, namedTenant);
  if (recordKey) {
    const earlier = await findIdempotencyRecord(recordKey, now);
    if (earlier) return replayOrReject(earlier, body);
  }

  const output = await operation(input);
  // The response schema strips anything internal (hashes, keys) and fixes the field order.
  const shown = route.response.parse(output.body);
  const represented =
    route.produces === undefined
      ? json(route.successStatus, shown, {
          ...(output.version === undefined ? {} : { ETag: etag(output.version) }),
          ...(output.location === undefined ? {} : { Location: output.location }),
        })
      : document(route, shown);
  const response = route.cacheSeconds === undefined ? represented : cacheable(represented, route.cacheSeconds, headers);
  if (recordKey) {
    const stored: StoredResponse = {
      status: response.statusCode,
      headers: response.headers as Record<string, string>,
      body: forReplay(route, response.body),
    };
    const salt = newSalt();
    recordIdempotency(input.uow, recordKey, { fingerprint: fingerprintOf(salt, body), salt, response: stored }, now);
  }
  try {
    await input.uow.commit();
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    if (recordKey && error.label === IDEMPOTENCY_LABEL) {
      const winner = await findIdempotencyRecord(recordKey, now);
      if (winner) return replayOrReject(winner, body);
    }
    if (output.explainConflict) await output.explainConflict(error);
    throw error;
  }
  await output.afterCommit?.();
  return response;
}

function answerFailure(error: unknown, route: RouteDefinition, event: APIGatewayProxyEvent): APIGatewayProxyResult {
  if (error instanceof Problem) return problemResponse(error, event.path);
  if (error instanceof ConditionFailed) return problemResponse(conflictOf(error, route), event.path);
  if (error instanceof RuleViolation) {
    return problemResponse(
      new Problem('invalidRequest', error.reason, { invalidParams: [{ in: error.where, name: error.field, reason: error.reason }] }),
      event.path,
    );
  }
  if (error instanceof InvalidCursor) {
    return problemResponse(
      new Problem('invalidRequest', 'The cursor is not valid for this list', {
        invalidParams: [{ in: 'query', name: 'cursor', reason: 'not a cursor this list returned' }],
      }),
      event.path,
    );
  }
  const unavailable = dependencyFailure(error);
  if (unavailable) {
    logger.warn('dependency unavailable', { operationId: route.operationId, errorName: (error as Error).name });
    return problemResponse(unavailableProblem(route), event.path, { 'Retry-After': String(unavailable.retryAfterSeconds) });
  }
  // The error's name and stack frames only: messages of lower layers may quote input values (SEC-6).
  const frames = (error as Error).stack?.split('\n').slice(1).join('\n');
  logger.error('unhandled error', { operationId: route.operationId, errorName: (error as Error).name, frames });
  return problemResponse(new Problem('internal', 'Something failed on our side; retry with the same Idempotency-Key'), event.path);
}

/**
 * obligation: SEC-5 — a dependency failed: a read may simply be retried; a write may have committed
 * before the failure, so its outcome is unknown, and the problem says how to retry it safely.
 */
function unavailableProblem(route: RouteDefinition): Problem {
  if (route.method === 'GET') return new Problem('serviceUnavailable', 'Retry after the time in Retry-After');
  const retry = takesIdempotencyKey(route)
    ? 'retrying with the same Idempotency-Key is safe'
    : route.requiresIfMatch
      ? 'read the resource again before retrying: its version tells whether the change was made'
      : 'retrying the same request is safe';
  return new Problem('serviceUnavailable', `The outcome is unknown: the change may have been made; ${retry}`, { outcome: 'unknown' });
}

function replayOrReject(earlier: IdempotencyRecord, body: string | undefined): APIGatewayProxyResult {
  if (fingerprintOf(earlier.salt, body) !== earlier.fingerprint) {
    throw new Problem('idempotencyKeyReused', 'This Idempotency-Key was sent with another body');
  }
  return replay(earlier.response);
}

/**
 * Builds the Lambda handler of one HTTP function from its own routes (`routes/<function>.ts`)
 * and their operations: a missing or extra operation fails at cold start, and a function with a
 * tenant route must give the tenant gate.
 */
export function httpHandler<const Rs extends readonly RouteDefinition[]>(
  routes: Rs,
  operations: NoInfer<Operations<Rs>>,
  ...[options]: NoInfer<HandlerOptions<Rs>>
) {
  const names = new Set(routes.map((r) => r.handler));
  if (names.size !== 1) throw new Error(`One function serves these routes, not [${[...names]}]`);
  const expected = routes.map((r) => r.operationId).sort();
  const given = Object.keys(operations).sort();
  if (expected.join() !== given.join()) {
    throw new Error(`Function ${[...names][0]} implements [${given}] but its routes are [${expected}]`);
  }
  const gates: Gates = options ?? {};
  if (routes.some((r) => r.auth === 'tenant') && !gates.tenantGate) throw new Error('A function with tenant routes needs its tenant gate');
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler((event) => dispatch(routes, operations as unknown as Record<string, Operation<RouteDefinition>>, gates, event));
}
