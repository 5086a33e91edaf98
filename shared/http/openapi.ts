import * as z from 'zod/mini';
import type { Schema } from '../model/zod.ts';
import { PROBLEM_TYPES, problemType } from './problem.ts';
import { ROUTES } from './routes.ts';
import { takesIdempotencyKey } from './route-definition.ts';
import type { RouteDefinition } from './route-definition.ts';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: Schema, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(schema: Schema | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', enum: Object.keys(PROBLEM_TYPES).map((k) => problemType(k as keyof typeof PROBLEM_TYPES)) },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    invalidParams: {
      type: 'array',
      items: {
        type: 'object',
        required: ['in', 'name', 'reason'],
        properties: {
          in: { type: 'string', enum: ['body', 'query', 'path', 'header'] },
          name: { type: 'string' },
          reason: { type: 'string' },
        },
      },
    },
  },
};

function operation(route: RouteDefinition) {
  const headers = [
    ...(takesIdempotencyKey(route)
      ? [{ name: 'Idempotency-Key', in: 'header', required: route.requiresIdempotencyKey === true, schema: { type: 'string', maxLength: 255 }, description: 'A retry with the same key returns the first answer for 24 hours.' }]
      : []),
    ...(route.requiresIfMatch
      ? [{ name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'The ETag of the version you read.' }]
      : []),
    ...(route.cacheSeconds !== undefined
      ? [{ name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'An ETag you hold: 304 if the document is unchanged.' }]
      : []),
  ];
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [...route.tags],
    security: route.auth === 'tenant' ? [{ tenantApiKey: [...(route.scopes ?? [])] }] : route.auth === 'operator' ? [{ operatorSigV4: [] }] : [],
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query'), ...headers],
    ...(route.body
      ? { requestBody: { required: !route.body.safeParse(undefined).success, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } }
      : {}),
    responses: {
      [String(route.successStatus)]: {
        description: 'Success',
        content: { [route.produces ?? 'application/json']: { schema: schemaOf(route.response, 'output') } },
      },
      ...(route.cacheSeconds !== undefined
        ? { '304': { description: `Not modified: the ETag still matches (caches may keep the document ${route.cacheSeconds} s)` } }
        : {}),
      default: {
        description: 'A problem (RFC 9457)',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    },
  };
}

/** The OpenAPI 3.1 document, derived from the route table alone. */
export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES as readonly RouteDefinition[]) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Skrbnik API',
      version,
      description: 'Multi-tenant personal data custody. Errors are RFC 9457 problem details; times are ISO 8601 with offset.',
    },
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        tenantApiKey: { type: 'http', scheme: 'bearer', description: 'A tenant API key: skr_<tenant>_<key>_<secret>' },
        operatorSigV4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'AWS Signature Version 4 of an operator IAM principal (the operator token on the local platform)',
        },
      },
    },
  };
}
