import { describe, expect, it } from 'vitest';
import { MAX_LOOKUP_VALUES } from '../../shared/domain/subject.ts';
import { subjectRepository } from '../../shared/store/subjects.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, refusedWithoutWrites, request, useApi } from '../support/api.ts';
import { newSubject, subjectInput } from '../support/subjects.ts';

const ctx = useApi();

/** Every item of a tenant (its own partitions, never another tenant's that merely starts alike). */
async function itemsOf(tenantId: string) {
  return (await allItems()).filter((i) => i.pk === `T#${tenantId}` || String(i.pk).startsWith(`T#${tenantId}#`));
}

describe('data subjects', () => {
  it('DAT-6 a subject is found by at most 20 addresses and tax numbers: one more is a 400 naming the field; at the cap it is erased in one go', async () => {
    const { key } = await newTenantWithKey(ctx.api);
    const names = ['email', 'Email', 'EMAIL', 'eMail', 'emaiL', 'EMail', 'eMAIL', 'emAIL', 'EmAiL', 'eMaIl'];
    const sets = (count: number) =>
      Array.from({ length: Math.ceil(count / 10) }, (_, s) => ({
        name: `contact-${s}`,
        purpose: 'contact',
        legalBasis: 'contract',
        attributes: Object.fromEntries(Array.from({ length: Math.min(10, count - s * 10) }, (_, i) => [names[i]!, `p${s}-${i}@many.example`])),
      }));
    const tooMany = await refusedWithoutWrites(() => request(ctx.api, 'POST', '/v1/subjects', { token: key, body: subjectInput({ attributeSets: sets(MAX_LOOKUP_VALUES + 1) }) }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.invalidParams).toEqual([expect.objectContaining({ name: 'attributeSets', reason: expect.stringContaining('at most 20') })]);
    const full = await newSubject(ctx.api, key, { attributeSets: sets(MAX_LOOKUP_VALUES) });
    const found = await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { email: 'P1-9@many.example' } });
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([full.id]);
    const erased = await request(ctx.api, 'DELETE', `/v1/subjects/${full.id}`, { token: key });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect((await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { email: 'p1-9@many.example' } })).body.items).toEqual([]);
  });

  it('DAT-1 DAT-2 creates, reads and lists subjects by category, with purpose and legal basis per set', async () => {
    const { key } = await newTenantWithKey(ctx.api);
    const employee = await newSubject(ctx.api, key);
    await newSubject(ctx.api, key, { category: 'customer', endUser: false });
    const read = await request(ctx.api, 'GET', `/v1/subjects/${employee.id}`, { token: key });
    expect(read.status).toBe(200);
    expect(read.body.attributeSets[0]).toMatchObject({ purpose: 'employment contract', legalBasis: 'contract' });
    expect(read.headers.get('etag')).toBe('"1"');
    const customers = await request(ctx.api, 'GET', '/v1/subjects?category=customer', { token: key });
    expect(customers.body.items.map((s: { category: string }) => s.category)).toEqual(['customer']);
    const all = await request(ctx.api, 'GET', '/v1/subjects?limit=1', { token: key });
    expect(all.body.items).toHaveLength(1);
    const next = await request(ctx.api, 'GET', `/v1/subjects?limit=1&cursor=${all.body.nextCursor}`, { token: key });
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].id).not.toBe(all.body.items[0].id);
  });

  it('DAT-2 refuses an import without a legal basis, naming the field, and writes nothing', async () => {
    const { key, tenantId } = await newTenantWithKey(ctx.api);
    const before = (await itemsOf(tenantId)).length;
    const input = subjectInput();
    delete (input.attributeSets[0] as Record<string, unknown>).legalBasis;
    const reply = await request(ctx.api, 'POST', '/v1/subjects', { token: key, body: input });
    expect(reply.status).toBe(400);
    expect(reply.body.invalidParams).toContainEqual(expect.objectContaining({ in: 'body', name: 'attributeSets.0.legalBasis' }));
    expect((await itemsOf(tenantId)).length).toBe(before);
  });

  it('DAT-3 refuses special-category data without explicit consent and accepts it with consent', async () => {
    const { key } = await newTenantWithKey(ctx.api);
    const health = { name: 'health', purpose: 'sick leave', legalBasis: 'legal-obligation', specialCategory: 'health', attributes: { sickDays: 3 } };
    const refused = await request(ctx.api, 'POST', '/v1/subjects', { token: key, body: subjectInput({ attributeSets: [health] }) });
    expect(refused.status).toBe(400);
    expect(refused.body.invalidParams).toEqual([expect.objectContaining({ name: 'attributeSets.0.explicitConsent' })]);
    const accepted = await request(ctx.api, 'POST', '/v1/subjects', {
      token: key,
      body: subjectInput({ attributeSets: [{ ...health, explicitConsent: { givenAt: '2026-11-01T09:00:00+01:00', evidence: 'signed form' } }] }),
    });
    expect(accepted.status).toBe(201);
  });

  it('DAT-5 keeps every version with time and actor, and shows the record as it was', async () => {
    const { key, keyId } = await newTenantWithKey(ctx.api);
    const created = await newSubject(ctx.api, key);
    const renamed = { ...subjectInput().attributeSets[0]!, attributes: { firstName: 'Anja', lastName: 'Novak' } };
    const updated = await request(ctx.api, 'PATCH', `/v1/subjects/${created.id}`, { token: key, body: { attributeSets: [renamed] }, headers: { 'If-Match': '"1"' } });
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe(2);
    const stale = await request(ctx.api, 'PATCH', `/v1/subjects/${created.id}`, { token: key, body: { endUser: false }, headers: { 'If-Match': '"1"' } });
    expect(stale.status).toBe(412);

    const then = await request(ctx.api, 'GET', `/v1/subjects/${created.id}?asOf=${encodeURIComponent(created.createdAt)}`, { token: key });
    expect(then.body.attributeSets[0].attributes.firstName).toBe('Ana');
    const now = await request(ctx.api, 'GET', `/v1/subjects/${created.id}`, { token: key });
    expect(now.body.attributeSets[0].attributes.firstName).toBe('Anja');
    const before = await request(ctx.api, 'GET', `/v1/subjects/${created.id}?asOf=2000-01-01T00:00:00Z`, { token: key });
    expect(before.status).toBe(404);

    const history = await request(ctx.api, 'GET', `/v1/subjects/${created.id}/history`, { token: key });
    expect(history.body.items.map((v: { version: number; changed: string[]; actor: string }) => [v.version, v.changed, v.actor])).toEqual([
      [1, ['category', 'endUser', 'attributeSets.identity'], `key:${keyId}`],
      [2, ['attributeSets.identity'], `key:${keyId}`],
    ]);
  });

  it('DAT-6 finds subjects by e-mail or tax number through the blind index; no clear value in any key', async () => {
    const { key, tenantId } = await newTenantWithKey(ctx.api);
    const subject = await newSubject(ctx.api, key);
    const byEmail = await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { email: '  ANA.Novak@acme.example' } });
    expect(byEmail.body.items.map((s: { id: string }) => s.id)).toEqual([subject.id]);
    const byTax = await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { taxNumber: '1234-5678' } });
    expect(byTax.body.items.map((s: { id: string }) => s.id)).toEqual([subject.id]);
    const none = await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { email: 'someone@else.example' } });
    expect(none.body.items).toEqual([]);
    const both = await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { email: 'a@b.c', taxNumber: '1' } });
    expect(both.status).toBe(400);

    for (const item of await itemsOf(tenantId)) {
      for (const keyValue of [item.pk, item.sk, item.gsi1pk, item.gsi1sk].filter(Boolean).map(String)) {
        expect(keyValue.toLowerCase()).not.toContain('ana.novak');
        expect(keyValue).not.toContain('12345678');
      }
    }
    // Rectifying the e-mail moves the index entry.
    const changed = { ...subjectInput().attributeSets[0]!, attributes: { firstName: 'Ana', email: 'ana@new.example' } };
    await request(ctx.api, 'PATCH', `/v1/subjects/${subject.id}`, { token: key, body: { attributeSets: [changed] }, headers: { 'If-Match': '"1"' } });
    expect((await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { email: 'ana.novak@acme.example' } })).body.items).toEqual([]);
    expect((await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { email: 'ana@new.example' } })).body.items).toHaveLength(1);
  });

  it('DAT-4 keeps a restricted subject but refuses capture until the restriction is lifted', async () => {
    const { key } = await newTenantWithKey(ctx.api, ['admin', 'capture']);
    const subject = await newSubject(ctx.api, key);
    const restricted = await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/restriction`, { token: key, body: { reason: 'accuracy contested' } });
    expect(restricted.body).toMatchObject({ restricted: true, restriction: { reason: 'accuracy contested' } });
    const entry = { type: 'clock-in', at: '2026-11-22T08:00:00+01:00' };
    const refused = await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/time-entries`, { token: key, body: entry });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('/problems/subject-restricted');
    expect((await request(ctx.api, 'GET', `/v1/subjects/${subject.id}`, { token: key })).status).toBe(200);
    await request(ctx.api, 'DELETE', `/v1/subjects/${subject.id}/restriction`, { token: key });
    expect((await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/time-entries`, { token: key, body: entry })).status).toBe(201);
  });

  it.each([
    ['DAT-1 DSR-6 erasure', 'DELETE', '', 'erasure'],
    ['DAT-7 marking as under 13', 'POST', '/under-13', 'under-13'],
  ])('%s removes the personal data from every item and index, leaving a tombstone and the audit entry', async (_name, method, suffix, reason) => {
    const { key, tenantId } = await newTenantWithKey(ctx.api, ['admin', 'capture']);
    const subject = await newSubject(ctx.api, key);
    const keep = await newSubject(ctx.api, key, {
      category: 'customer',
      attributeSets: [{ name: 'contact', purpose: 'orders', legalBasis: 'contract', attributes: { firstName: 'Bor', email: 'bor@acme.example' } }],
    });
    await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/time-entries`, { token: key, body: { type: 'interval', start: '2026-11-20T08:00:00Z', end: '2026-11-20T16:00:00Z', note: 'site visit' } });
    await request(ctx.api, 'PATCH', `/v1/subjects/${subject.id}`, { token: key, body: { endUser: false }, headers: { 'If-Match': '"1"' } });

    const erased = await request(ctx.api, method, `/v1/subjects/${subject.id}${suffix}`, { token: key });
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ id: subject.id, erasedAt: expect.any(String), reason });
    await ctx.auditQueue.drain();

    const items = await itemsOf(tenantId);
    const text = JSON.stringify(items);
    expect(text).not.toContain('Novak');
    expect(text).not.toContain('site visit');
    const remaining = items.filter((i) => String(i.pk).includes(subject.id) || i.subjectId === subject.id);
    expect(remaining.map((i) => i.type)).toEqual(['subject-tombstone']);
    expect(items.some((i) => i.type === 'audit' && i.action === 'delete' && i.entityId === subject.id)).toBe(true);
    expect((await request(ctx.api, 'GET', `/v1/subjects/${subject.id}`, { token: key })).status).toBe(410);
    expect((await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { email: 'ana.novak@acme.example' } })).body.items).toEqual([]);
    expect((await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: key, body: { email: 'bor@acme.example' } })).body.items).toHaveLength(1);
    const listed = await request(ctx.api, 'GET', '/v1/subjects', { token: key });
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([keep.id]);
    const again = await request(ctx.api, 'DELETE', `/v1/subjects/${subject.id}`, { token: key });
    expect(again.body).toEqual(erased.body);
  });

  it('counts active end users (billable seats) in step with every change, in one cheap read', async () => {
    const { key, tenantId } = await newTenantWithKey(ctx.api);
    const repository = subjectRepository(TenantScope.named(tenantId));
    const a = await newSubject(ctx.api, key);
    const b = await newSubject(ctx.api, key);
    await newSubject(ctx.api, key, { endUser: false });
    expect(await repository.activeSeats()).toBe(2);
    await request(ctx.api, 'PATCH', `/v1/subjects/${a.id}`, { token: key, body: { endUser: false }, headers: { 'If-Match': '"1"' } });
    expect(await repository.activeSeats()).toBe(1);
    await request(ctx.api, 'DELETE', `/v1/subjects/${b.id}`, { token: key });
    expect(await repository.activeSeats()).toBe(0);
  });

  it('DAT-1 answers concurrent erasures of one subject with the tombstone or a retryable conflict, never a failed precondition', async () => {
    const { key } = await newTenantWithKey(ctx.api);
    const subject = await newSubject(ctx.api, key);
    const replies = await Promise.all([1, 2, 3].map(() => request(ctx.api, 'DELETE', `/v1/subjects/${subject.id}`, { token: key })));
    expect(replies.some((r) => r.status === 200)).toBe(true);
    for (const reply of replies) expect([200, 409]).toContain(reply.status);
    expect((await request(ctx.api, 'DELETE', `/v1/subjects/${subject.id}`, { token: key })).status).toBe(200);
  });

  it('RET-3 DAT-7 a subject under a legal hold (its own, or the operator’s on all the tenant’s data) is neither erased nor marked under 13: 409, nothing changes', async () => {
    const { key, tenantId } = await newTenantWithKey(ctx.api);
    const held = await newSubject(ctx.api, key);
    const other = await newSubject(ctx.api, key);
    const hold = await request(ctx.api, 'POST', '/v1/retention/holds', { token: key, body: { subjectId: held.id, reason: 'Dispute' } });
    expect(hold.status, JSON.stringify(hold.body)).toBe(201);
    const refusedAsHeld = async (method: 'DELETE' | 'POST', path: string) => {
      const reply = await refusedWithoutWrites(() => request(ctx.api, method, path, { token: key }));
      expect(reply.status).toBe(409);
      expect(reply.headers.get('content-type')).toBe('application/problem+json');
      expect(reply.body.detail).toMatch(/under a legal hold/);
      expect(reply.body.detail).not.toContain('ana.novak');
      return reply;
    };
    await refusedAsHeld('DELETE', `/v1/subjects/${held.id}`);
    const child = await refusedAsHeld('POST', `/v1/subjects/${held.id}/under-13`);
    expect(child.body.detail).toMatch(/restrict its processing meanwhile/);

    const order = await request(ctx.api, 'POST', `/v1/operator/tenants/${tenantId}/legal-holds`, { token: OPERATOR_TOKEN, body: { reason: 'Authority order' } });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    await refusedAsHeld('DELETE', `/v1/subjects/${other.id}`);

    await request(ctx.api, 'POST', `/v1/operator/tenants/${tenantId}/legal-holds/${order.body.id}/lift`, { token: OPERATOR_TOKEN, body: { reason: 'Order lifted' } });
    expect((await request(ctx.api, 'DELETE', `/v1/subjects/${other.id}`, { token: key })).status).toBe(200);
    await refusedAsHeld('DELETE', `/v1/subjects/${held.id}`);
    await request(ctx.api, 'POST', `/v1/retention/holds/${hold.body.id}/lift`, { token: key, body: { reason: 'Settled' } });
    expect((await request(ctx.api, 'POST', `/v1/subjects/${held.id}/under-13`, { token: key })).body).toMatchObject({ id: held.id, reason: 'under-13' });
  });

  it('refuses attribute sets larger than one DynamoDB item can hold, naming the field, and writes nothing', async () => {
    const { key, tenantId } = await newTenantWithKey(ctx.api);
    const before = (await itemsOf(tenantId)).length;
    const big = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`a${i}`, 'x'.repeat(2000)]));
    const sets = ['one', 'two'].map((name) => ({ name, purpose: 'bulk', legalBasis: 'contract', attributes: big }));
    const reply = await request(ctx.api, 'POST', '/v1/subjects', { token: key, body: subjectInput({ attributeSets: sets }) });
    expect(reply.status).toBe(400);
    expect(reply.body.invalidParams).toEqual([expect.objectContaining({ name: 'attributeSets' })]);
    const subject = await newSubject(ctx.api, key);
    const grown = await request(ctx.api, 'PATCH', `/v1/subjects/${subject.id}`, {
      token: key,
      body: { attributeSets: [{ ...sets[0], name: 'three' }] },
      headers: { 'If-Match': '"1"' },
    });
    expect(grown.status).toBe(200);
    const tooBig = await request(ctx.api, 'PATCH', `/v1/subjects/${subject.id}`, {
      token: key,
      body: { attributeSets: [{ ...sets[0], name: 'four' }] },
      headers: { 'If-Match': '"2"' },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.invalidParams).toEqual([expect.objectContaining({ name: 'attributeSets' })]);
    expect((await itemsOf(tenantId)).length).toBeGreaterThan(before);
  });

  it('AUD-1 replays of a subject creation hold no personal value', async () => {
    const { key, tenantId } = await newTenantWithKey(ctx.api);
    const headers = { 'Idempotency-Key': 'import-row-1' };
    const first = await request(ctx.api, 'POST', '/v1/subjects', { token: key, body: subjectInput(), headers });
    const retry = await request(ctx.api, 'POST', '/v1/subjects', { token: key, body: subjectInput(), headers });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({ id: first.body.id, version: 1, createdAt: first.body.createdAt, updatedAt: first.body.updatedAt });
    const records = (await itemsOf(tenantId)).filter((i) => i.type === 'idempotency');
    expect(records).toHaveLength(1);
    const kept = JSON.stringify(records);
    for (const value of ['Ana', 'Novak', 'ana.novak@acme.example', '12345678', 'employment contract']) expect(kept).not.toContain(value);
    expect((await request(ctx.api, 'GET', '/v1/subjects', { token: key })).body.items).toHaveLength(1);
  });
});
