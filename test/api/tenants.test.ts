import { describe, expect, it } from 'vitest';
import { CURRENT_TERMS_VERSION } from '../../shared/config/terms.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, tenantInput, useApi } from '../support/api.ts';

const ctx = useApi();

describe('operator tenant routes', () => {
  it('TEN-1 registers a tenant with the accepted terms version, time and who', async () => {
    const created = await request(ctx.api, 'POST', '/v1/operator/tenants', { token: OPERATOR_TOKEN, body: tenantInput() });
    expect(created.status).toBe(201);
    expect(created.body.terms).toMatchObject({
      version: CURRENT_TERMS_VERSION,
      acceptedBy: { name: 'Ana Admin', email: 'ana@acme.example' },
      recordedBy: expect.stringContaining('local-operator'),
    });
    expect(Date.parse(created.body.terms.acceptedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(created.headers.get('etag')).toBe('"1"');

    const read = await request(ctx.api, 'GET', `/v1/operator/tenants/${created.body.id}`, { token: OPERATOR_TOKEN });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('TEN-1 refuses registration without explicit acceptance, naming the field, and writes nothing', async () => {
    const before = (await allItems()).length;
    const unaccepted = await request(ctx.api, 'POST', '/v1/operator/tenants', {
      token: OPERATOR_TOKEN,
      body: tenantInput({ termsAcceptance: { version: CURRENT_TERMS_VERSION, accepted: false } }),
    });
    expect(unaccepted.status).toBe(400);
    expect(unaccepted.headers.get('content-type')).toBe('application/problem+json');
    expect(unaccepted.body.invalidParams).toContainEqual(expect.objectContaining({ in: 'body', name: 'termsAcceptance.accepted' }));

    const oldVersion = await request(ctx.api, 'POST', '/v1/operator/tenants', {
      token: OPERATOR_TOKEN,
      body: tenantInput({ termsAcceptance: { version: '1999-01', accepted: true } }),
    });
    expect(oldVersion.status).toBe(400);
    expect(oldVersion.body.invalidParams).toContainEqual(expect.objectContaining({ name: 'termsAcceptance.version' }));
    expect((await allItems()).length).toBe(before);
  });

  it('answers malformed JSON and a wrong media type with problems and writes nothing', async () => {
    const before = (await allItems()).length;
    const malformed = await request(ctx.api, 'POST', '/v1/operator/tenants', {
      token: OPERATOR_TOKEN,
      rawBody: '{"name": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ type: '/problems/invalid-request', invalidParams: [{ in: 'body', name: 'body' }] });
    const text = await request(ctx.api, 'POST', '/v1/operator/tenants', {
      token: OPERATOR_TOKEN,
      rawBody: 'name=x',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    // JSON between systems is UTF-8 (RFC 8259): another charset, or no media type at all, is 415 too.
    for (const contentType of ['application/json; charset=iso-8859-1', 'application/json;charset="utf-16"', '']) {
      const refused = await request(ctx.api, 'POST', '/v1/operator/tenants', { token: OPERATOR_TOKEN, rawBody: JSON.stringify(tenantInput()), headers: { 'Content-Type': contentType } });
      expect(refused.status, contentType).toBe(415);
      expect(refused.body.type).toBe('/problems/unsupported-media-type');
    }
    expect((await allItems()).length).toBe(before);
    const utf8 = await request(ctx.api, 'POST', '/v1/operator/tenants', { token: OPERATOR_TOKEN, rawBody: JSON.stringify(tenantInput()), headers: { 'Content-Type': 'application/json; charset=UTF-8' } });
    expect(utf8.status).toBe(201);
  });

  it('TEN-5 keeps contacts per role and validates each', async () => {
    const contacts = {
      administrator: { name: 'Ana', email: 'ana@x.example' },
      billing: { name: 'Bojan', email: 'not-an-email' },
      security: { name: 'Sara', email: 'sara@x.example', phone: '040 123' },
    };
    const bad = await request(ctx.api, 'POST', '/v1/operator/tenants', { token: OPERATOR_TOKEN, body: tenantInput({ contacts }) });
    expect(bad.status).toBe(400);
    const names = bad.body.invalidParams.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['contacts.billing.email', 'contacts.security.phone']));

    contacts.billing.email = 'bojan@x.example';
    contacts.security.phone = '+38640123456';
    const good = await request(ctx.api, 'POST', '/v1/operator/tenants', { token: OPERATOR_TOKEN, body: tenantInput({ contacts }) });
    expect(good.status).toBe(201);
    expect(good.body.contacts).toEqual(contacts);
  });

  it('updates with If-Match: 428 without it, 412 when stale, 200 with the current version', async () => {
    const { tenantId } = await newTenantWithKey(ctx.api);
    const path = `/v1/operator/tenants/${tenantId}`;
    const missing = await request(ctx.api, 'PATCH', path, { token: OPERATOR_TOKEN, body: { name: 'New name' } });
    expect(missing.status).toBe(428);
    const updated = await request(ctx.api, 'PATCH', path, { token: OPERATOR_TOKEN, body: { name: 'New name', language: 'sl' }, headers: { 'If-Match': '"1"' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'New name', language: 'sl', version: 2 });
    expect(updated.headers.get('etag')).toBe('"2"');
    const stale = await request(ctx.api, 'PATCH', path, { token: OPERATOR_TOKEN, body: { name: 'Other' }, headers: { 'If-Match': '"1"' } });
    expect(stale.status).toBe(412);
    const read = await request(ctx.api, 'GET', path, { token: OPERATOR_TOKEN });
    expect(read.body.name).toBe('New name');
  });

  it('lists tenants in pages with opaque cursors, without contacts', async () => {
    for (let i = 0; i < 3; i++) await newTenantWithKey(ctx.api);
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await request(ctx.api, 'GET', `/v1/operator/tenants?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: OPERATOR_TOKEN });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const t of page.body.items) {
        expect(t.contacts).toBeUndefined();
        seen.add(t.id);
      }
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    const forged = await request(ctx.api, 'GET', `/v1/operator/tenants?cursor=${Buffer.from('{"pk":"T#x"}').toString('base64url')}`, { token: OPERATOR_TOKEN });
    expect(forged.status).toBe(400);
    expect(forged.body.invalidParams).toEqual([expect.objectContaining({ in: 'query', name: 'cursor' })]);
  });

  it('TEN-4 refuses operator routes without operator credentials (404 unsigned, as API Gateway answers an unknown route), also to a tenant key (403)', async () => {
    const { key } = await newTenantWithKey(ctx.api);
    expect((await request(ctx.api, 'GET', '/v1/operator/tenants')).status).toBe(404);
    expect((await request(ctx.api, 'GET', '/v1/operator/tenants', { token: key })).status).toBe(403);
  });

  it('TEN-4 AUD-1 audits operator reads and changes of tenant contacts by field name, never by value', async () => {
    const { tenantId } = await newTenantWithKey(ctx.api);
    await request(ctx.api, 'GET', `/v1/operator/tenants/${tenantId}`, { token: OPERATOR_TOKEN });
    await ctx.auditQueue.drain();
    const audit = (await allItems()).filter((i) => String(i.pk).startsWith(`T#${tenantId}#AUDIT#`));
    expect(audit.map((a) => [a.action, a.entity])).toEqual(
      expect.arrayContaining([
        ['create', 'tenant'],
        ['read', 'tenant'],
        ['create', 'api-key'],
      ]),
    );
    for (const entry of audit) {
      expect(entry.actor).toMatch(/^operator:/);
      expect(JSON.stringify(entry)).not.toContain('ana@acme.example');
    }
  });
});

describe('idempotency', () => {
  it('returns the first answer to a retry with the same Idempotency-Key, without the contacts, and writes once', async () => {
    const headers = { 'Idempotency-Key': `create-${Math.random()}` };
    const first = await request(ctx.api, 'POST', '/v1/operator/tenants', { token: OPERATOR_TOKEN, body: tenantInput(), headers });
    const itemsAfterFirst = (await allItems()).length;
    const retry = await request(ctx.api, 'POST', '/v1/operator/tenants', { token: OPERATOR_TOKEN, body: tenantInput(), headers });
    expect(retry.status).toBe(first.status);
    const { id, name, status, version, createdAt } = first.body;
    expect(retry.body).toEqual({ id, name, status, version, createdAt });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await allItems()).length).toBe(itemsAfterFirst);
  });

  it('answers concurrent duplicates once', async () => {
    const headers = { 'Idempotency-Key': `race-${Math.random()}` };
    const before = (await allItems()).filter((i) => i.type === 'tenant').length;
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => request(ctx.api, 'POST', '/v1/operator/tenants', { token: OPERATOR_TOKEN, body: tenantInput(), headers })),
    );
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect((await allItems()).filter((i) => i.type === 'tenant').length).toBe(before + 1);
  });

  it('refuses the same key with another body', async () => {
    const headers = { 'Idempotency-Key': `reuse-${Math.random()}` };
    await request(ctx.api, 'POST', '/v1/operator/tenants', { token: OPERATOR_TOKEN, body: tenantInput(), headers });
    const other = await request(ctx.api, 'POST', '/v1/operator/tenants', { token: OPERATOR_TOKEN, body: tenantInput({ name: 'Other' }), headers });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-key-reused');
  });
});
