import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { openApiDocument } from '../../shared/http/openapi.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import { SCOPES } from '../../shared/model/api-key.ts';
import { STAGES } from '../../shared/config/stage.ts';
import { request, useApi } from '../support/api.ts';

const ctx = useApi();
const checkedIn = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));

describe('OpenAPI document', () => {
  it('is current: run `npm run openapi` when this fails', () => {
    expect(checkedIn).toEqual(JSON.parse(JSON.stringify(openApiDocument(pkg.version))));
  });

  it('describes every route of the route table with its security', () => {
    for (const route of ROUTES) {
      const operation = checkedIn.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
      const scheme = { tenant: 'tenantApiKey', operator: 'operatorSigV4', public: undefined }[route.auth];
      expect(Object.keys(operation.security[0] ?? {})[0]).toBe(scheme);
    }
  });

  it('offers Idempotency-Key exactly where a retry with it replays the answer: changing POSTs of tenants and the operator whose body holds no credential (DAT-9)', () => {
    for (const route of ROUTES) {
      const operation = checkedIn.paths[route.path][route.method.toLowerCase()];
      const offered = (operation.parameters ?? []).some((p: { name: string }) => p.name === 'Idempotency-Key');
      const secret = 'bodyHoldsSecret' in route && route.bodyHoldsSecret;
      const replays = route.method === 'POST' && !('safe' in route && route.safe) && route.auth !== 'public' && !secret;
      expect(offered, route.operationId).toBe(replays);
    }
  });

  it('TEN-2 TEN-4 names only defined security schemes, and for tenant routes exactly the scopes the route accepts', () => {
    const schemes = Object.keys(checkedIn.components.securitySchemes);
    expect(checkedIn.components.securitySchemes.operatorSigV4).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization', 'x-amazon-apigateway-authtype': 'awsSigv4' });
    expect(checkedIn.components.securitySchemes.tenantApiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const route of ROUTES) {
      const [requirement] = checkedIn.paths[route.path][route.method.toLowerCase()].security;
      if (route.auth === 'public') {
        expect(requirement, route.operationId).toBeUndefined();
        continue;
      }
      const [scheme, roles] = Object.entries(requirement as Record<string, string[]>)[0]!;
      expect(schemes).toContain(scheme);
      for (const role of roles!) expect(SCOPES).toContain(role);
      expect(roles).toEqual(route.auth === 'tenant' ? [...(route.scopes ?? [])] : []);
    }
  });

  it('documents the problems every operation can answer: 429 and 503 with Retry-After and 500 always, 401/403 by auth, 400 with input, 412/428 with If-Match, 413/415 with a body, 422 with Idempotency-Key', () => {
    for (const route of ROUTES) {
      const { responses } = checkedIn.paths[route.path][route.method.toLowerCase()];
      const statuses = Object.keys(responses);
      const problem = (status: string) => responses[status]?.content?.['application/problem+json']?.schema;
      for (const status of statuses.filter((s) => Number(s) >= 400)) expect(problem(status), `${route.operationId} ${status}`).toEqual({ $ref: '#/components/schemas/Problem' });
      expect(statuses).toEqual(expect.arrayContaining(['429', '500', '503']));
      for (const status of ['429', '503']) expect(responses[status].headers['Retry-After']).toEqual({ $ref: '#/components/headers/RetryAfter' });
      if (route.auth === 'tenant') expect(statuses).toEqual(expect.arrayContaining(['401', '403']));
      if (route.auth === 'operator') expect(statuses).toEqual(expect.arrayContaining(['403', '404']));
      if ('body' in route && route.body) expect(statuses).toEqual(expect.arrayContaining(['400', '413', '415']));
      if ('requiresIfMatch' in route && route.requiresIfMatch) expect(statuses).toEqual(expect.arrayContaining(['412', '428']));
      const idempotent = (operation: { parameters: { name: string }[] }) => operation.parameters.some((p) => p.name === 'Idempotency-Key');
      if (idempotent(checkedIn.paths[route.path][route.method.toLowerCase()])) {
        expect(statuses).toContain('422');
        expect(responses[String(route.successStatus)].headers['Idempotent-Replayed']).toBeDefined();
      }
      if (route.successStatus === 303) expect(responses['303'].headers.Location).toBeDefined();
    }
  });

  it('has one server per stage, each in an EU region (SEC-1)', () => {
    expect(checkedIn.servers.map((s: { url: string }) => s.url)).toEqual(STAGES.map((stage) => `https://{restApiId}.execute-api.{region}.amazonaws.com/${stage}`));
    for (const server of checkedIn.servers) expect(server.variables.region.enum.every((r: string) => r.startsWith('eu-'))).toBe(true);
  });

  it('answers an unknown route, and an unknown method of a known path, with 404 problem+json, as API Gateway does with its gateway response', async () => {
    for (const [method, path] of [['GET', '/v1/no-such-route'], ['GET', '/nothing'], ['PUT', '/v1/subjects']] as const) {
      const reply = await request(ctx.api, method, path);
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect(reply.headers.get('content-type')).toBe('application/problem+json');
      expect(reply.body).toMatchObject({ type: '/problems/not-found', status: 404 });
    }
  });

  it('is served without credentials at /v1/openapi.json', async () => {
    const reply = await request(ctx.api, 'GET', '/v1/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(checkedIn);
  });
});
