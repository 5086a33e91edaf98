import { describe, expect, it } from 'vitest';
import { LOCAL_OPERATOR_ARN } from '../../local/api-server.ts';
import { operatorActor } from '../../shared/http/auth.ts';
import { OPERATOR_TOKEN, newTenantWithKey, request, useApi } from '../support/api.ts';
import { newSubject } from '../support/subjects.ts';

const ctx = useApi();

describe('audit trail', () => {
  it('AUD-1 records every create, read, change and deletion with when, who and which fields, never values', async () => {
    const { key, keyId, tenantId } = await newTenantWithKey(ctx.api, ['admin', 'capture']);
    const subject = await newSubject(ctx.api, key);
    await request(ctx.api, 'GET', `/v1/subjects/${subject.id}`, { token: key });
    await request(ctx.api, 'PATCH', `/v1/subjects/${subject.id}`, { token: key, body: { endUser: false }, headers: { 'If-Match': '"1"' } });
    await request(ctx.api, 'DELETE', `/v1/subjects/${subject.id}`, { token: key });
    await request(ctx.api, 'GET', `/v1/operator/tenants/${tenantId}`, { token: OPERATOR_TOKEN });
    await ctx.auditQueue.drain();

    const trail = await request(ctx.api, 'GET', '/v1/audit?entity=subject', { token: key });
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((e: { action: string; actor: string; fields: string[] }) => [e.action, e.actor, e.fields])).toEqual([
      ['delete', `key:${keyId}`, ['category', 'endUser', 'attributeSets.identity']],
      ['update', `key:${keyId}`, ['endUser']],
      ['read', `key:${keyId}`, ['category', 'endUser', 'attributeSets.identity']],
      ['create', `key:${keyId}`, ['category', 'endUser', 'attributeSets.identity']],
    ]);
    expect(JSON.stringify(trail.body)).not.toContain('Novak');

    // TEN-4: the operator's read of the tenant (its contacts) is in the tenant's trail.
    const operator = await request(ctx.api, 'GET', '/v1/audit?entity=tenant', { token: key });
    // Named by a stable pseudonym: neither the vendor's AWS account nor its staff member's user name.
    expect(operator.body.items).toContainEqual(expect.objectContaining({ action: 'read', actor: operatorActor(LOCAL_OPERATOR_ARN) }));
    expect(operatorActor(LOCAL_OPERATOR_ARN)).toMatch(/^operator:[0-9a-f]{16}$/);
    expect(JSON.stringify(operator.body)).not.toMatch(/arn:aws|000000000000|local-operator/);
  });

  it('filters by actor and time range and pages with a cursor', async () => {
    const { key, keyId } = await newTenantWithKey(ctx.api);
    for (let i = 0; i < 3; i++) await newSubject(ctx.api, key);
    const mine = await request(ctx.api, 'GET', `/v1/audit?actor=key:${keyId}&limit=2`, { token: key });
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.items.every((e: { actor: string }) => e.actor === `key:${keyId}`)).toBe(true);
    const next = await request(ctx.api, 'GET', `/v1/audit?actor=key:${keyId}&limit=2&cursor=${mine.body.nextCursor}`, { token: key });
    expect(next.body.items).toHaveLength(1);
    const past = await request(ctx.api, 'GET', '/v1/audit?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z', { token: key });
    expect(past.body.items).toEqual([]);
    const tooLong = await request(ctx.api, 'GET', '/v1/audit?from=2020-01-01T00:00:00Z&to=2022-01-01T00:00:00Z', { token: key });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.invalidParams).toEqual([expect.objectContaining({ in: 'query', name: 'from' })]);
    const forged = await request(ctx.api, 'GET', `/v1/audit?cursor=${Buffer.from('{"month":"x"}').toString('base64url')}`, { token: key });
    expect(forged.status).toBe(400);
  });
});
