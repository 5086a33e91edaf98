import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { openApiDocument } from '../../shared/http/openapi.ts';
import { ROUTES } from '../../shared/http/routes.ts';
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

  it('is served without credentials at /v1/openapi.json', async () => {
    const reply = await request(ctx.api, 'GET', '/v1/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(checkedIn);
  });
});
