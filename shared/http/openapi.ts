import * as z from 'zod/mini';
import type { Schema } from '../model/zod.ts';
import { SCOPES } from '../model/api-key.ts';
import { STAGES, STAGE_CONFIG } from '../config/stage.ts';
import { DEFAULT_REGION, EU_REGIONS } from '../config/region.ts';
import { PROBLEM_TYPES, problemType } from './problem.ts';
import type { ProblemKind } from './problem.ts';
import { PUBLIC_RATE_LIMITS } from './rate-limits.ts';
import { ROUTES } from './routes.ts';
import { takesIdempotencyKey } from './route-definition.ts';
import type { RouteDefinition } from './route-definition.ts';

type JsonSchema = Record<string, unknown>;

const INT32 = 2 ** 31;

/**
 * OpenAPI's `format` for integers (int32, int64), from the bounds the schema states: a document
 * reader then knows which integer type holds the value.
 */
function withIntegerFormats(schema: unknown): void {
  if (Array.isArray(schema)) return schema.forEach(withIntegerFormats);
  if (!schema || typeof schema !== 'object') return;
  const s = schema as JsonSchema;
  if (s.type === 'integer' && s.format === undefined) {
    const min = (s.minimum ?? s.exclusiveMinimum) as number | undefined;
    const max = (s.maximum ?? s.exclusiveMaximum) as number | undefined;
    s.format = min !== undefined && max !== undefined && min >= -INT32 && max < INT32 ? 'int32' : 'int64';
  }
  Object.values(s).forEach(withIntegerFormats);
}

function schemaOf(schema: Schema, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  withIntegerFormats(rest);
  return rest;
}

function parameters(route: RouteDefinition, where: 'path' | 'query') {
  const schema = where === 'path' ? route.params : route.query;
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    // The signed, expiring link token of an e-mail's link (CON-1, DSR-5, DSR-8): the link is the
    // credential by design; .spectral.mjs exempts it from the no-credentials-in-URL rule.
    const linkToken = route.auth === 'public' && where === 'path' && name === 'token';
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(linkToken
        ? { description: 'The signed, expiring token of the link the e-mail gave.', 'x-link-token': true }
        : typeof property.description === 'string'
          ? { description: property.description }
          : {}),
      schema: property,
    };
  });
}

const problemSchema = {
  type: 'object',
  description: 'An RFC 9457 problem document; docs/problems.md lists every type and when it is answered.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', enum: [...new Set(Object.keys(PROBLEM_TYPES).map((k) => problemType(k as ProblemKind)))] },
    title: { type: 'string', maxLength: 200 },
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599 },
    detail: { type: 'string', maxLength: 2000 },
    instance: { type: 'string', maxLength: 2048 },
    invalidParams: {
      type: 'array',
      description: 'Each field that failed: where, its path, and why (never the value sent).',
      items: {
        type: 'object',
        required: ['in', 'name', 'reason'],
        properties: {
          in: { type: 'string', enum: ['body', 'query', 'path', 'header'] },
          name: { type: 'string', maxLength: 500 },
          reason: { type: 'string', maxLength: 1000 },
        },
      },
    },
  },
};

/** Response headers, shared by reference. */
const HEADERS = {
  ETag: {
    description: 'The version of the resource, quoted (`"3"`): send it as `If-Match` to change it.',
    schema: { type: 'string', maxLength: 32, pattern: '^(W/)?"[0-9A-Za-z_-]{1,30}"$' },
  },
  Location: {
    description: 'Where to go next: a download link that works for five minutes.',
    schema: { type: 'string', format: 'uri', maxLength: 4096 },
  },
  RetryAfter: {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 },
  },
  IdempotentReplayed: {
    description: '`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.',
    schema: { type: 'string', enum: ['true'] },
  },
} as const;

const headerRef = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });

/** What each tag groups; a route with a tag missing here fails the document's generation. */
const TAGS: Record<string, string> = {
  operator: "The vendor's operators: AWS IAM (SigV4) only, never a tenant key (TEN-4).",
  tenant: "The calling tenant's own profile.",
  'api-keys': 'Tenant API keys: scopes, rotation with a grace period, revocation (TEN-2).',
  subjects: 'Data subjects and their attribute sets, history, restriction and erasure (DAT).',
  credentials: "A data subject's credentials (a cashier's PIN), kept as a slow salted hash (DAT-9).",
  capture: 'Time entries captured by devices (a `capture` key is enough).',
  audit: 'Who touched what, when: field names, never values (AUD).',
  billing: 'Plans, invoices, credit notes, dormancy and the liability cap (BIL, DUN).',
  'breach-communications': 'Telling data subjects about a breach (Art. 34 GDPR, BRE).',
  incidents: 'The breach register and the 72-hour clock (Art. 33 GDPR, BRE).',
  maintenance: 'Announced maintenance and its notices (MNT).',
  status: 'The public status page and its feeds.',
  retention: 'Retention periods, legal holds and the daily purge (RET).',
  exports: "Exports of a tenant's data and a data subject's export link (EXP).",
  disclosures: 'The log of disclosures, recipients and Art. 19 notices (AUD, DSR).',
  assistance: 'Assistance requests to the vendor (DSR-11).',
  'privacy-requests': "Data subjects' requests and their deadlines (DSR).",
  public: 'No credentials: links sent by e-mail, the intake form, limited per source address.',
  consents: 'Consent by double opt-in and the audience it allows (CON).',
  'consent-links': "The public links of a consent's e-mails (CON-1).",
  meta: 'This document.',
};

const LINK_HANDLERS = new Set(['consent-links', 'export-links', 'privacy-request-intake']);

interface Answer {
  status: string;
  reasons: string[];
  headers?: Record<string, unknown>;
}

/**
 * The problem responses a route can really give, derived from its definition and from who answers
 * before the handler runs (API Gateway's gateway responses, shared/http/gateway-responses.ts; the
 * local API server answers the same): docs/problems.md says when each type is answered.
 */
export function problemAnswers(route: RouteDefinition): Answer[] {
  const answers = new Map<string, Answer>();
  const add = (status: number, reason: string, headers?: Record<string, unknown>) => {
    const entry = answers.get(String(status)) ?? { status: String(status), reasons: [] };
    entry.reasons.push(reason);
    if (headers) entry.headers = { ...entry.headers, ...headers };
    answers.set(entry.status, entry);
  };
  const writes = route.method !== 'GET' && route.safe !== true;
  const pathParams = route.params ? Object.keys(schemaOf(route.params, 'input').properties as object) : [];
  const idempotent = takesIdempotencyKey(route);

  if (route.params || route.query || route.body || idempotent || route.requiresIfMatch || route.requiresIdempotencyKey) {
    add(400, 'a parameter, header or body field fails its schema or a rule (`invalidParams` names each)');
  }
  // API Gateway's DEFAULT_4XX (shared/http/gateway-responses.ts): an expired SigV4 signature among others.
  if (route.auth === 'operator') add(400, 'API Gateway refused the request itself, such as an expired signature');
  if (route.auth === 'tenant') {
    add(401, 'no API key, two `Authorization` headers, or a key that is malformed, unknown, revoked or expired');
    // As the dormancy gate decides (shared/services/billing/dormancy-gate.ts): capture routes stay open.
    if (!(route.scopes ?? []).includes('capture')) add(402, 'the tenant is dormant (DUN-3): only data capture works');
    add(403, `the key lacks the scope ${(route.scopes ?? []).join(' or ')}`);
  }
  if (route.auth === 'operator') {
    add(403, 'the SigV4 signature does not verify, or the IAM principal may not invoke this route');
  }
  if (pathParams.length > 0) add(404, `no such ${pathParams.join(' or ')} for this caller`);
  if (route.auth === 'operator') add(404, 'no SigV4 signature at all: answered as for an unknown route');
  if (writes) add(409, 'the action does not fit the current state, or a concurrent request changed it: read again or retry');
  if (route.problems?.includes('subjectRestricted')) add(409, 'the data subject is restricted (DAT-4)');
  if (LINK_HANDLERS.has(route.handler) && route.problems?.includes('linkUsed')) add(409, 'the link was used already or replaced by a newer one');
  if (pathParams.includes('subjectId') || route.problems?.includes('gone')) add(410, 'the data subject was erased');
  if (route.auth === 'operator' && pathParams.includes('tenantId')) add(410, "the tenant's data was deleted or is being deleted");
  if (route.problems?.includes('linkExpired')) add(410, 'the link has expired');
  if (route.problems?.includes('exportGone')) add(410, 'the export expired or was withdrawn, and is deleted');
  if (route.requiresIfMatch) add(412, '`If-Match` names a version that is no longer current');
  if (route.body) {
    add(413, 'a body over 10 MB (API Gateway)');
    add(415, 'a body that is not `application/json` in UTF-8');
  }
  if (idempotent) add(422, 'the same `Idempotency-Key` came with a different body');
  if (route.problems?.includes('credentialLocked')) add(423, 'the credential is locked after 5 failed checks in a row (DAT-9)');
  if (route.requiresIfMatch) add(428, 'no `If-Match`');
  add(429, "the stage's throttling (API Gateway)", { 'Retry-After': headerRef('RetryAfter') });
  if (route.auth === 'public') {
    const limits = PUBLIC_RATE_LIMITS.filter((l) => l.operationIds === undefined || l.operationIds.includes(route.operationId));
    for (const l of limits) add(429, `more than ${l.limit} requests in ${l.windowSeconds / 60} minutes from one source address (${l.name})`);
  }
  add(500, 'our failure: retry (with the same `Idempotency-Key` where the route takes one)');
  // shared/http/handler.ts answers a dependency's failure (the table, STS, …) as 503 with Retry-After (SEC-5).
  add(
    503,
    route.method === 'GET' ? 'a service the platform depends on did not answer: retry after `Retry-After`' : 'a service the platform depends on did not answer: the outcome is unknown (`outcome: unknown`); the detail says how to retry safely',
    { 'Retry-After': headerRef('RetryAfter') },
  );
  return [...answers.values()];
}

function description(route: RouteDefinition): string {
  const who =
    route.auth === 'tenant'
      ? `A tenant API key with the scope ${(route.scopes ?? []).map((s) => `\`${s}\``).join(' or ')}.`
      : route.auth === 'operator'
        ? 'An operator: AWS SigV4 of an IAM principal allowed to invoke it (TEN-4).'
        : 'Public: no credentials; limited per source address.';
  const notes = [
    route.requiresIfMatch ? 'Send the `ETag` you read as `If-Match`.' : '',
    route.requiresIdempotencyKey ? 'Money moves: an `Idempotency-Key` is required.' : takesIdempotencyKey(route) ? 'Takes an `Idempotency-Key`: a retry with it replays the first answer.' : '',
    route.bodyHoldsSecret ? 'The body holds a credential: no idempotency record is kept (DAT-9).' : '',
  ].filter((n) => n !== '');
  return [`${route.summary}.`, who, ...notes].join(' ');
}

function successHeaders(route: RouteDefinition, response: JsonSchema): Record<string, unknown> {
  const properties = (response.properties ?? {}) as Record<string, unknown>;
  return {
    ...('version' in properties || route.cacheSeconds !== undefined ? { ETag: headerRef('ETag') } : {}),
    ...(route.successStatus === 303 ? { Location: headerRef('Location') } : {}),
    ...(takesIdempotencyKey(route) ? { 'Idempotent-Replayed': headerRef('IdempotentReplayed') } : {}),
  };
}

function operation(route: RouteDefinition) {
  const headers = [
    ...(takesIdempotencyKey(route)
      ? [{ name: 'Idempotency-Key', in: 'header', required: route.requiresIdempotencyKey === true, schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]{1,255}$' }, description: 'A retry with the same key returns the first answer for 24 hours.' }]
      : []),
    ...(route.requiresIfMatch
      ? [{ name: 'If-Match', in: 'header', required: true, schema: { type: 'string', maxLength: 20, pattern: '^(W/)?"[0-9]{1,15}"$' }, description: 'The ETag of the version you read.' }]
      : []),
    ...(route.cacheSeconds !== undefined
      ? [{ name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string', maxLength: 1024 }, description: 'An ETag you hold: 304 if the document is unchanged.' }]
      : []),
  ];
  for (const tag of route.tags) if (!(tag in TAGS)) throw new Error(`Tag ${tag} of ${route.operationId} has no description in shared/http/openapi.ts`);
  const response = schemaOf(route.response, 'output');
  const success = successHeaders(route, response);
  const linkPages = LINK_HANDLERS.has(route.handler);
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: description(route),
    tags: [...route.tags],
    security:
      route.auth === 'tenant' ? [{ tenantApiKey: [...(route.scopes ?? [])] }] : route.auth === 'operator' ? [{ operatorSigV4: [] }] : [],
    parameters: [...parameters(route, 'path'), ...parameters(route, 'query'), ...headers],
    ...(route.body
      ? { requestBody: { required: !route.body.safeParse(undefined).success, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } }
      : {}),
    responses: {
      [String(route.successStatus)]: {
        description: 'Success',
        ...(Object.keys(success).length > 0 ? { headers: success } : {}),
        content: { [route.produces ?? 'application/json']: { schema: response } },
      },
      ...(route.cacheSeconds !== undefined
        ? { '304': { description: `Not modified: the ETag still matches (caches may keep the document ${route.cacheSeconds} s)`, headers: { ETag: headerRef('ETag') } } }
        : {}),
      ...Object.fromEntries(
        problemAnswers(route).map((a) => [
          a.status,
          {
            description: `A problem: ${a.reasons.join('; ')}.`,
            ...(a.headers ? { headers: a.headers } : {}),
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
              // A person who opens an e-mail's link in a browser gets a page with the same status.
              ...(linkPages ? { 'text/html': { schema: { type: 'string', maxLength: 100_000 } } } : {}),
            },
          },
        ]),
      ),
    },
  };
}

/** One server per stage: the stage's own API Gateway stage, in the EU region it was deployed to (SEC-1). */
function servers() {
  return STAGES.map((stage) => ({
    url: `https://{restApiId}.execute-api.{region}.amazonaws.com/${stage}`,
    description: `${STAGE_CONFIG[stage].production ? 'Production' : 'Development and testing'} stage (${stage}): the stack Skrbnik-${stage}`,
    'x-internal': false,
    variables: {
      restApiId: { default: 'restApiId', description: 'The REST API id the deployment printed (stack output)' },
      region: { default: DEFAULT_REGION, enum: [...EU_REGIONS], description: 'The EU region it runs in (SEC-1)' },
    },
  }));
}

/** The OpenAPI 3.1 document, derived from the route table alone. */
export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const used = new Set<string>();
  for (const route of ROUTES as readonly RouteDefinition[]) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
    route.tags.forEach((t) => used.add(t));
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Skrbnik API',
      version,
      description:
        'Multi-tenant personal data custody. Errors are RFC 9457 problem details (docs/problems.md); times are ISO 8601 with offset. ' +
        'Every request string, array and map has a limit, enforced with a 400 naming the field.',
      contact: { name: 'Skrbnik operators', email: STAGE_CONFIG.prod.support.email },
    },
    servers: servers(),
    tags: Object.entries(TAGS)
      .filter(([name]) => used.has(name))
      .map(([name, text]) => ({ name, description: text })),
    paths,
    components: {
      schemas: { Problem: problemSchema },
      headers: HEADERS,
      securitySchemes: {
        tenantApiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'skr_<tenant>_<key>_<secret>',
          description:
            `A tenant API key (TEN-2), checked by the API's authorizer. Its scopes: ${SCOPES.map((s) => `\`${s}\``).join(', ')}: ` +
            '`admin` for everything a tenant may do, `capture` for capture devices (time entries, credential checks). ' +
            "Each operation's security requirement lists the scopes of which the key needs one (OpenAPI 3.1 role names).",
        },
        operatorSigV4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          'x-amazon-apigateway-authtype': 'awsSigv4',
          description:
            "AWS Signature Version 4 of an operator's IAM principal allowed to `execute-api:Invoke` the route (TEN-4); " +
            'API Gateway checks it (IAM authorization). On the local platform, the operator token as a Bearer value stands in for it.',
        },
      },
    },
  };
}
