import { describe, expect, it } from 'vitest';
import { startApiServer } from '../../local/api-server.ts';
import type { RequestLogLine } from '../../local/api-server.ts';
import { MANAGEMENT_SECRET, OPERATOR_TOKEN, newTenantWithKey, request, useApi } from '../support/api.ts';
import { newSubject } from '../support/subjects.ts';

// The notice topic and read-audit queue the API's handlers use, as every API test has them.
useApi();

describe('the local API access log', () => {
  it('SEC-6 writes one line per request: method, route template, status, latency, tenant; never a value from the path, query or body', async () => {
    const lines: RequestLogLine[] = [];
    const api = await startApiServer({ operatorToken: OPERATOR_TOKEN, managementSecret: MANAGEMENT_SECRET, logRequest: (line) => lines.push(line) });
    try {
      const { key, tenantId } = await newTenantWithKey(api);
      const subject = await newSubject(api, key, { attributeSets: [{ name: 'identity', purpose: 'employment', legalBasis: 'contract', attributes: { email: 'ana.novak@acme.example' } }] });
      await request(api, 'GET', `/v1/subjects/${subject.id}?asOf=2020-01-01T00:00:00Z`, { token: key });
      await request(api, 'GET', '/v1/no-such-route');
      expect(lines.map(({ method, route, status }) => [method, route, status])).toEqual([
        ['POST', '/v1/operator/tenants', 201],
        ['POST', '/v1/operator/tenants/{tenantId}/api-keys', 201],
        ['POST', '/v1/subjects', 201],
        ['GET', '/v1/subjects/{subjectId}', 404],
        ['GET', '-', 404],
      ]);
      expect(lines.map((l) => l.tenantId)).toEqual([undefined, undefined, tenantId, tenantId, undefined]);
      for (const line of lines) expect(line.latencyMs).toBeGreaterThanOrEqual(0);
      const logged = JSON.stringify(lines);
      expect(logged).not.toContain(subject.id);
      expect(logged).not.toContain('ana.novak');
      expect(logged).not.toContain('2020-01-01');
      expect(logged).not.toContain(key);
    } finally {
      await api.stop();
    }
  });
});
