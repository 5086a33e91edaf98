import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, useApi } from '../support/api.ts';

const ctx = useApi();

/** A GET with the headers exactly as given, repeated names too (fetch would join them into one). */
function rawGet(url: string, rawHeaders: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    // Given as a list, headers go as they are: Host too must be given (HTTP/1.1 requires it).
    const req = httpRequest(url, { method: 'GET', headers: ['Host', new URL(url).host, ...rawHeaders] }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('API keys', () => {
  it('TEN-2 TEN-3 create tenant → create key → call with it: the tenant comes from the key', async () => {
    const { tenantId, key } = await newTenantWithKey(ctx.api);
    expect(key).toMatch(/^skr_[0-9a-z]{26}_[0-9a-z]{26}_[A-Za-z0-9_-]{43}$/);
    const own = await request(ctx.api, 'GET', '/v1/tenant', { token: key });
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(tenantId);
  });

  it('TEN-2 stores only a hash of the secret and shows the secret once', async () => {
    const { tenantId, key, keyId } = await newTenantWithKey(ctx.api);
    const secret = key.split('_').slice(3).join('_');
    const stored = (await allItems()).filter((i) => String(i.pk).startsWith(`T#${tenantId}`));
    expect(JSON.stringify(stored)).not.toContain(secret);
    const listed = await request(ctx.api, 'GET', '/v1/api-keys', { token: key });
    expect(listed.body.items).toEqual([expect.objectContaining({ id: keyId, status: 'active', rotationDue: false })]);
    expect(listed.body.items[0].secret).toBeUndefined();
    expect(JSON.stringify(listed.body)).not.toContain('secretHash');
  });

  it('TEN-2 answers 401 to a missing, malformed, unknown or wrong-secret key', async () => {
    const { key } = await newTenantWithKey(ctx.api);
    const wrongSecret = `${key.slice(0, -4)}AAAA`;
    const unknownKey = key.replace(/^(skr_[0-9a-z]{26}_)[0-9a-z]{26}/, '$1' + '0'.repeat(26));
    for (const token of [undefined, 'nonsense', wrongSecret, unknownKey]) {
      const reply = await request(ctx.api, 'GET', '/v1/tenant', token === undefined ? {} : { token });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toBe('application/problem+json');
      expect(reply.body.type).toBe('/problems/unauthorized');
    }
  });

  it('TEN-2 refuses a request with two Authorization headers, whichever comes last, even after the key was served alone', async () => {
    const { key } = await newTenantWithKey(ctx.api);
    const other = await newTenantWithKey(ctx.api);
    const url = `${ctx.api.url}/v1/tenant`;
    expect(await rawGet(url, ['Authorization', `Bearer ${key}`])).toBe(200);
    expect(await rawGet(url, ['Authorization', `Bearer ${other.key}`, 'Authorization', `Bearer ${key}`])).toBe(401);
    expect(await rawGet(url, ['Authorization', `Bearer ${key}`, 'Authorization', `Bearer ${key}`])).toBe(401);
    // The operator's routes too: two tokens are not one.
    const operatorUrl = `${ctx.api.url}/v1/operator/tenants`;
    expect(await rawGet(`${operatorUrl}?limit=1`, ['Authorization', `Bearer ${OPERATOR_TOKEN}`])).toBe(200);
    expect(await rawGet(operatorUrl, ['Authorization', `Bearer ${OPERATOR_TOKEN}`, 'Authorization', `Bearer ${OPERATOR_TOKEN}`])).toBe(403);
  });

  it('TEN-2 answers 403 when the key lacks the route scope', async () => {
    const { key } = await newTenantWithKey(ctx.api, ['capture']);
    const reply = await request(ctx.api, 'GET', '/v1/api-keys', { token: key });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ type: '/problems/forbidden', detail: expect.stringContaining('admin') });
  });

  it('TEN-2 revocation takes effect at once, although the authorizer caches decisions', async () => {
    const { key } = await newTenantWithKey(ctx.api);
    const second = await request(ctx.api, 'POST', '/v1/api-keys', { token: key, body: { name: 'device', scopes: ['capture', 'admin'] } });
    expect(second.status).toBe(201);
    expect((await request(ctx.api, 'GET', '/v1/tenant', { token: second.body.secret })).status).toBe(200);
    const revoked = await request(ctx.api, 'DELETE', `/v1/api-keys/${second.body.id}`, { token: key });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect((await request(ctx.api, 'GET', '/v1/tenant', { token: second.body.secret })).status).toBe(401);
    expect((await request(ctx.api, 'DELETE', `/v1/api-keys/${second.body.id}`, { token: key })).status).toBe(409);
  });

  it('TEN-2 rotation issues a new secret and lets the old one expire after the grace period', async () => {
    const { key, keyId } = await newTenantWithKey(ctx.api);
    const immediate = await request(ctx.api, 'POST', `/v1/api-keys/${keyId}/rotate`, { token: key, body: { gracePeriodHours: 0 } });
    expect(immediate.status).toBe(201);
    expect(immediate.body).toMatchObject({ rotatedFrom: keyId, scopes: ['admin'], status: 'active' });
    const fresh = immediate.body.secret as string;
    expect(fresh).not.toBe(key);
    const listed = await request(ctx.api, 'GET', '/v1/api-keys', { token: fresh });
    const old = listed.body.items.find((k: { id: string }) => k.id === keyId);
    expect(old.status).toBe('expired');

    const withGrace = await request(ctx.api, 'POST', `/v1/api-keys/${immediate.body.id}/rotate`, { token: fresh, body: {} });
    expect(withGrace.status).toBe(201);
    const again = await request(ctx.api, 'GET', '/v1/api-keys', { token: withGrace.body.secret });
    const graced = again.body.items.find((k: { id: string }) => k.id === immediate.body.id);
    expect(graced.status).toBe('expiring');
    expect(Date.parse(graced.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const twice = await request(ctx.api, 'POST', `/v1/api-keys/${immediate.body.id}/rotate`, { token: withGrace.body.secret, body: {} });
    expect(twice.status).toBe(409);
  });

  it('TEN-2 an Idempotency-Key replay of key creation leaves the shown-once secret out', async () => {
    const { key } = await newTenantWithKey(ctx.api);
    const headers = { 'Idempotency-Key': 'device-7' };
    const first = await request(ctx.api, 'POST', '/v1/api-keys', { token: key, body: { name: 'device 7', scopes: ['capture'] }, headers });
    const retry = await request(ctx.api, 'POST', '/v1/api-keys', { token: key, body: { name: 'device 7', scopes: ['capture'] }, headers });
    expect(first.body.secret).toBeDefined();
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body.secret).toBeUndefined();
    const stored = await allItems();
    expect(JSON.stringify(stored)).not.toContain(first.body.secret.split('_').slice(3).join('_'));
  });

  it('TEN-3 a tenant cannot see or touch another tenant\'s keys; an operator must name an existing tenant', async () => {
    const a = await newTenantWithKey(ctx.api);
    const b = await newTenantWithKey(ctx.api);
    const before = JSON.stringify((await allItems()).filter((i) => String(i.pk).startsWith(`T#${a.tenantId}`) && i.type === 'api-key'));
    expect((await request(ctx.api, 'DELETE', `/v1/api-keys/${a.keyId}`, { token: b.key })).status).toBe(404);
    expect((await request(ctx.api, 'POST', `/v1/api-keys/${a.keyId}/rotate`, { token: b.key, body: {} })).status).toBe(404);
    const bList = await request(ctx.api, 'GET', '/v1/api-keys', { token: b.key });
    expect(bList.body.items.map((k: { id: string }) => k.id)).toEqual([b.keyId]);
    const after = JSON.stringify((await allItems()).filter((i) => String(i.pk).startsWith(`T#${a.tenantId}`) && i.type === 'api-key'));
    expect(after).toBe(before);
    expect((await request(ctx.api, 'GET', '/v1/tenant', { token: a.key })).body.id).toBe(a.tenantId);

    const missing = await request(ctx.api, 'POST', `/v1/operator/tenants/${'0'.repeat(26)}/api-keys`, { token: OPERATOR_TOKEN, body: { name: 'x', scopes: ['admin'] } });
    expect(missing.status).toBe(404);
  });

  it('validates key input and names the fields', async () => {
    const { key } = await newTenantWithKey(ctx.api);
    const reply = await request(ctx.api, 'POST', '/v1/api-keys', { token: key, body: { name: '', scopes: ['root', 'admin'], extra: 1 } });
    expect(reply.status).toBe(400);
    const names = reply.body.invalidParams.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['name', 'scopes.0', 'body']));
    const badId = await request(ctx.api, 'DELETE', '/v1/api-keys/NOT-AN-ID', { token: key });
    expect(badId.status).toBe(400);
    expect(badId.body.invalidParams).toEqual([expect.objectContaining({ in: 'path', name: 'keyId' })]);
  });
});
