import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '../../local/api-server.ts';
import type { LocalApi } from '../../local/api-server.ts';
import { PUBLIC_RATE_LIMITS } from '../../shared/http/rate-limits.ts';
import { OPERATOR_TOKEN, newTenantWithKey, request, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';
import { intakeMails } from '../support/intake.ts';

// The notice topic and read-audit queue the API's handlers use, as every API test has them.
useApi();

/**
 * DSR-8: the local API server keeps the public routes' per-source limits (shared/http/rate-limits.ts)
 * by default, as `npm start` runs it; the cloud's WAF rules are still to come. These tests run on a
 * server of their own with those defaults, from 127.0.0.1 and, as a second source, 127.0.0.2.
 */
let api: LocalApi;
beforeAll(async () => {
  api = await startApiServer({ operatorToken: OPERATOR_TOKEN });
});
afterAll(async () => {
  await api.stop();
});

const unique = (who: string) => `${who}.${randomBytes(4).toString('hex')}@example.org`;
const intakeLimit = PUBLIC_RATE_LIMITS.find((r) => r.name === 'privacy-request-intake')!;
const publicLimit = PUBLIC_RATE_LIMITS.find((r) => r.name === 'public-routes')!;

/** A request from another loopback address: another source, as the limiter sees it. */
function fromSource(localAddress: string, method: string, path: string, body?: unknown): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const { hostname, port } = new URL(api.url);
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: hostname, port, method, path, localAddress, headers: text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

describe('the public routes\' per-source limits (local stand-in for the WAF rules)', () => {
  it('DSR-8 takes 10 intake forms from one source address in 5 minutes; the next is answered 429 problem+json with Retry-After, reaches no handler and sends nothing; another source and other routes go on', async () => {
    expect([intakeLimit.limit, intakeLimit.windowSeconds]).toEqual([10, 300]);
    const { tenantId, key } = await newTenantWithKey(api);
    const start = new Date(Date.now() + 3_600_000);
    api.clock.set(start);
    const form = (email: string) => ({ tenantId, type: 'access', email, message: 'What do you hold about me?' });
    const sent = [];
    for (let i = 0; i < intakeLimit.limit; i++) {
      const email = unique(`form-${i}`);
      sent.push(email);
      const reply = await request(api, 'POST', '/v1/public/privacy-requests', { body: form(email) });
      expect(reply.status, JSON.stringify(reply.body)).toBe(202);
    }
    const over = unique('over-the-limit');
    const refused = await request(api, 'POST', '/v1/public/privacy-requests', { body: form(over) });
    const refusedAt = api.clock.now().getTime();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body).toMatchObject({ type: '/problems/too-many-requests', status: 429 });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(intakeLimit.windowSeconds - 60);
    expect(retryAfter).toBeLessThanOrEqual(intakeLimit.windowSeconds);
    // The handler never ran: no e-mail to the address; the ten before each got theirs.
    expect(await inboxOf(over)).toEqual([]);
    expect(await intakeMails(sent.at(-1)!)).toHaveLength(1);
    // The refusal names no address, and the limit holds for a malformed form too (counted before validation).
    expect(JSON.stringify(refused.body)).not.toMatch(/127\.0\.0\.1|example\.org/);
    expect((await request(api, 'POST', '/v1/public/privacy-requests', { body: {} })).status).toBe(429);

    // Another source address has its own allowance.
    const other = await fromSource('127.0.0.2', 'POST', '/v1/public/privacy-requests', form(unique('other-source')));
    expect(other.status, other.text).toBe(202);
    // Other public routes, and tenant routes, are not held by the form's limit.
    expect((await request(api, 'GET', '/v1/status.json')).status).toBe(200);
    expect((await request(api, 'GET', '/v1/tenant', { token: key })).status).toBe(200);

    // On the platform's clock: once the window has passed, the address may send again.
    api.clock.set(new Date(refusedAt + retryAfter * 1000 + 1_000));
    expect((await request(api, 'POST', '/v1/public/privacy-requests', { body: form(unique('later')) })).status).toBe(202);
  });

  it('DSR-8 counts every public route together: 300 in 5 minutes from one source, then 429 on any of them until the window moves on; tenant routes are never counted', async () => {
    expect([publicLimit.limit, publicLimit.windowSeconds]).toEqual([300, 300]);
    const { key } = await newTenantWithKey(api);
    // A fresh window, far from the other test's requests.
    const start = new Date(Date.now() + 10 * 3_600_000);
    api.clock.set(start);
    const paths = ['/v1/status.json', '/v1/openapi.json', '/v1/consent-confirmations/not-a-token'];
    const statuses = new Set<number>();
    for (let i = 0; i < publicLimit.limit; i++) statuses.add((await request(api, 'GET', paths[i % paths.length]!)).status);
    expect(statuses.has(429)).toBe(false);
    const refused = await request(api, 'GET', '/v1/openapi.json');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await request(api, 'GET', '/v1/status.json')).status).toBe(429);
    expect((await request(api, 'GET', '/v1/tenant', { token: key })).status).toBe(200);
    api.clock.set(new Date(start.getTime() + publicLimit.windowSeconds * 1000 + 60_000));
    expect((await request(api, 'GET', '/v1/openapi.json')).status).toBe(200);
  });
});
