import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { AUTHORIZER_CACHE_TTL_SECONDS } from '../shared/http/auth.ts';
import { GATEWAY_RESPONSES, GATEWAY_RESPONSE_CONTENT_TYPE, gatewayResponseBody, gatewayResponseHeaders } from '../shared/http/gateway-responses.ts';
import type { GatewayResponseType } from '../shared/http/gateway-responses.ts';
import { ROUTES } from '../shared/http/routes.ts';
import type { HttpFunctionName, RouteDefinition } from '../shared/http/route-definition.ts';
import { LocalClock } from './clock.ts';
import { invoke } from './invocation.ts';
import { localManagementApi } from './management-api.ts';
import type { LocalManagementApi } from './management-api.ts';
import { PUBLIC_RATE_LIMITS } from '../shared/http/rate-limits.ts';
import type { PublicRateLimit } from '../shared/http/rate-limits.ts';
import { RateLimiter } from './rate-limit.ts';

/** The stand-in for API Gateway: same events, same authorizer, same gateway responses. */
export const LOCAL_API_ID = 'local';
export const LOCAL_STAGE = 'local';
export const LOCAL_OPERATOR_ARN = 'arn:aws:iam::000000000000:user/local-operator';
const ACCOUNT = '000000000000';
const REGION = 'eu-central-1';
/** API Gateway's own payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type AuthorizerHandler = (event: APIGatewayRequestAuthorizerEvent, context: Context) => Promise<APIGatewayAuthorizerResult>;

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  names: string[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/\./g, '\\.').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

export function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, result: APIGatewayProxyResult): void {
  response.writeHead(result.statusCode, result.headers as Record<string, string>);
  response.end(result.body);
}

function gateway(type: GatewayResponseType): APIGatewayProxyResult {
  return {
    statusCode: GATEWAY_RESPONSES[type].status,
    headers: { 'Content-Type': GATEWAY_RESPONSE_CONTENT_TYPE, ...gatewayResponseHeaders(type) },
    body: gatewayResponseBody(type),
  };
}

function headersOf(request: IncomingMessage) {
  // Null prototypes: a header or query parameter named `constructor` is just a name.
  const headers: Record<string, string> = Object.create(null);
  const multi: Record<string, string[]> = Object.create(null);
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!;
    const value = request.rawHeaders[i + 1]!;
    headers[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { headers, multi };
}

function queryOf(url: URL) {
  if ([...url.searchParams.keys()].length === 0) return { query: null, multi: null };
  const query: Record<string, string> = Object.create(null);
  const multi: Record<string, string[]> = Object.create(null);
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { query, multi };
}

export interface LocalApi {
  url: string;
  server: Server;
  /** The time this API stamps on every request, as API Gateway does; tests and rehearsals set it. */
  clock: LocalClock;
  /** How many times the authorizer ran (the rest were served from its cache). */
  authorizerInvocations(): number;
  /** The stand-in for API Gateway's management API: its flushes, and a switch that makes them fail. */
  managementApi: LocalManagementApi;
  stop(): Promise<void>;
}

export interface LocalApiOptions {
  port?: number;
  /** The bearer token that stands in for an operator's SigV4 signature. */
  operatorToken: string;
  /**
   * The secret the functions that flush the authorizer cache sign with: the management API takes
   * only calls signed with it (SigV4), as API Gateway takes only the roles granted the flush.
   *
   * @default - a secret nobody is given: every flush is refused
   */
  managementSecret?: string;
  /** @default a clock that runs with the real one */
  clock?: LocalClock;
  /**
   * Receives one line per request, as API Gateway's access log would: method, route template,
   * status, latency and the calling tenant, never a path's values, a query or a body.
   *
   * @default - no request log (tests)
   */
  logRequest?: (line: RequestLogLine) => void;
  /**
   * Per source address limits on the public routes, as the WAF's rate-based rules keep them in
   * the cloud (local/rate-limit.ts); `[]` for none.
   *
   * @default PUBLIC_RATE_LIMITS
   */
  rateLimits?: readonly PublicRateLimit[];
}

/** One request as the access log keeps it: no personal value can be in any of these fields. */
export interface RequestLogLine {
  method: string;
  /** The route's template (`/v1/subjects/{subjectId}`), or `-` when no route matched. */
  route: string;
  status: number;
  latencyMs: number;
  /** The tenant whose key called, on tenant routes. */
  tenantId?: string;
}

/**
 * Turns HTTP requests into API Gateway REST events for the very handler modules the stack
 * deploys. Tenant routes pass the same REQUEST authorizer, with API Gateway's cache semantics;
 * operator routes take the operator token in place of IAM.
 */
export async function startApiServer(options: LocalApiOptions): Promise<LocalApi> {
  // As in API Gateway, a literal segment wins over a parameter (`/incidents/export` over `/incidents/{id}`).
  const literalsFirst = (path: string) => path.split('/').map((segment) => (segment.startsWith('{') ? '1' : '0')).join('');
  const routes = ROUTES.map((r) => compile(r)).sort((a, b) => literalsFirst(a.route.path).localeCompare(literalsFirst(b.route.path)));
  const handlers = new Map<HttpFunctionName, ProxyHandler>();
  const authorizer = ((await import('../functions/authorizer.ts')) as { handler: AuthorizerHandler }).handler;
  for (const name of new Set(ROUTES.map((r) => r.handler))) {
    const module = (await import(`../functions/http/${name}.ts`)) as { handler: ProxyHandler };
    handlers.set(name, module.handler);
  }
  const clock = options.clock ?? new LocalClock();
  const limiter = new RateLimiter(options.rateLimits ?? PUBLIC_RATE_LIMITS);
  // Compared in constant time: the token stands in for an operator's signature.
  const operatorHeader = Buffer.from(`Bearer ${options.operatorToken}`);
  const isOperatorToken = (values: string[]) => {
    const given = Buffer.from(values.length === 1 ? values[0]! : '');
    return given.length === operatorHeader.length && timingSafeEqual(given, operatorHeader);
  };
  const cache = new Map<string, { result: APIGatewayAuthorizerResult; decidedAt: number }>();
  let invocations = 0;
  const management = localManagementApi({ apiId: LOCAL_API_ID, stage: LOCAL_STAGE, secretAccessKey: options.managementSecret ?? randomUUID(), flush: () => cache.clear() });

  // A decision is cached for the TTL of the platform's clock: set forward, the tenant's state is
  // decided again; set back, a decision made "later" is not reused either.
  async function authorize(identity: string, methodArn: string, event: Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'>, requestTimeEpoch: number) {
    const cached = cache.get(identity);
    const age = cached === undefined ? -1 : requestTimeEpoch - cached.decidedAt;
    if (cached && age >= 0 && age < AUTHORIZER_CACHE_TTL_SECONDS * 1000) return cached.result;
    invocations++;
    const context = lambdaContext('authorizer');
    const result = await invoke(context, () =>
      authorizer(
        { type: 'REQUEST', methodArn, headers: event.headers, multiValueHeaders: event.multiValueHeaders, requestContext: { requestTimeEpoch } } as APIGatewayRequestAuthorizerEvent,
        context,
      ),
    );
    cache.set(identity, { result, decidedAt: requestTimeEpoch });
    return result;
  }

  async function handle(request: IncomingMessage, seen: { route?: string; tenantId?: string }): Promise<APIGatewayProxyResult> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    // API Gateway's management API, which the functions that flush the authorizer cache call.
    if (management.serves(method, url.pathname)) {
      const raw = request.url ?? '/';
      const body = await readBody(request);
      if (body === 'too-large') return gateway('REQUEST_TOO_LARGE');
      const at = raw.indexOf('?');
      return management.answer({ method, path: at < 0 ? raw : raw.slice(0, at), query: at < 0 ? '' : raw.slice(at + 1), headers: request.headers, body });
    }
    const found = routes
      .map((c) => ({ c, match: c.pattern.exec(url.pathname) }))
      .find(({ c, match }) => match !== null && c.route.method === method);
    if (!found) return gateway('MISSING_AUTHENTICATION_TOKEN');
    const { route, names } = found.c;
    seen.route = route.path;
    const limited = limiter.check(route, request.socket.remoteAddress ?? '', clock.now());
    if (limited) return limited;
    const body = await readBody(request);
    if (body === 'too-large') return gateway('REQUEST_TOO_LARGE');
    const { headers, multi } = headersOf(request);
    const { query, multi: multiQuery } = queryOf(url);
    // A malformed percent-encoding stays as sent: the route's schema then names the parameter.
    const decode = (raw: string) => {
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    };
    const pathParameters = names.length === 0 ? null : Object.fromEntries(names.map((n, i) => [n, decode(found.match![i + 1]!)]));
    const requestId = randomUUID();
    const requestTimeEpoch = clock.now().getTime();
    const methodArn = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${LOCAL_API_ID}/${LOCAL_STAGE}/${method}${route.path}`;
    const authorizations = Object.entries(multi).filter(([n]) => n.toLowerCase() === 'authorization').flatMap(([, v]) => v);

    let authorizerContext: Record<string, unknown> | null = null;
    let userArn: string | null = null;
    if (route.auth === 'tenant') {
      if (authorizations.length === 0) return gateway('UNAUTHORIZED');
      let decision: APIGatewayAuthorizerResult;
      try {
        // Every Authorization value is the identity: two headers are not the decision for one.
        decision = await authorize(authorizations.join('\n'), methodArn, { headers, multiValueHeaders: multi }, requestTimeEpoch);
      } catch (error) {
        // As API Gateway: the exact message `Unauthorized` is a refusal; any other error a failure.
        return gateway((error as Error).message === 'Unauthorized' ? 'UNAUTHORIZED' : 'AUTHORIZER_FAILURE');
      }
      if (decision.policyDocument.Statement.some((s) => s.Effect !== 'Allow')) return gateway('ACCESS_DENIED');
      authorizerContext = { ...decision.context, principalId: decision.principalId };
      seen.tenantId = String(decision.context?.tenantId);
    } else if (route.auth === 'operator') {
      // As API Gateway answers an IAM route: no signature at all is MISSING_AUTHENTICATION_TOKEN
      // (404, like an unknown route), one that does not verify is INVALID_SIGNATURE (403).
      if (authorizations.length === 0) return gateway('MISSING_AUTHENTICATION_TOKEN');
      if (!isOperatorToken(authorizations)) return gateway('INVALID_SIGNATURE');
      userArn = LOCAL_OPERATOR_ARN;
    }

    const text = body.length > 0 ? body.toString('utf8') : null;
    const event = {
      resource: route.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders: multi,
      queryStringParameters: query,
      multiValueQueryStringParameters: multiQuery,
      pathParameters,
      stageVariables: null,
      body: text,
      isBase64Encoded: false,
      requestContext: {
        accountId: ACCOUNT,
        apiId: LOCAL_API_ID,
        stage: LOCAL_STAGE,
        requestId,
        resourcePath: route.path,
        httpMethod: method,
        path: `/${LOCAL_STAGE}${url.pathname}`,
        protocol: 'HTTP/1.1',
        requestTimeEpoch,
        resourceId: route.operationId,
        authorizer: authorizerContext,
        identity: { sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userArn, userAgent: headers['User-Agent'] ?? null },
      },
    } as unknown as APIGatewayProxyEvent;
    try {
      const context = lambdaContext(route.handler);
      return await invoke(context, () => handlers.get(route.handler)!(event, context));
    } catch {
      return gateway('DEFAULT_5XX');
    }
  }

  const server = createServer((request, response) => {
    const started = performance.now();
    const seen: { route?: string; tenantId?: string } = {};
    const answer = (result: APIGatewayProxyResult) => {
      send(response, result);
      options.logRequest?.({
        method: request.method ?? 'GET',
        route: seen.route ?? '-',
        status: result.statusCode,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        ...(seen.tenantId === undefined ? {} : { tenantId: seen.tenantId }),
      });
    };
    handle(request, seen).then(answer, () => answer(gateway('DEFAULT_5XX')));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    clock,
    authorizerInvocations: () => invocations,
    managementApi: management.api,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
