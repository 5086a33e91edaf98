import { describe, expect, it } from 'vitest';
import { newTenantWithKey, request, useApi } from '../support/api.ts';
import { newSubject } from '../support/subjects.ts';

const ctx = useApi();

describe('time entry capture', () => {
  it('DAT-8 a capture key posts clock events and intervals and lists them by time range, in UTC', async () => {
    const admin = await newTenantWithKey(ctx.api, ['admin']);
    const device = await request(ctx.api, 'POST', '/v1/api-keys', { token: admin.key, body: { name: 'terminal 1', scopes: ['capture'] } });
    const subject = await newSubject(ctx.api, admin.key);
    const path = `/v1/subjects/${subject.id}/time-entries`;
    const token = device.body.secret as string;

    const clockIn = await request(ctx.api, 'POST', path, { token, body: { type: 'clock-in', at: '2026-11-20T08:00:00+01:00', deviceId: 'T1' } });
    expect(clockIn.status).toBe(201);
    expect(clockIn.body).toMatchObject({ type: 'clock-in', at: '2026-11-20T07:00:00.000Z', kind: 'work', deviceId: 'T1', recordedBy: `key:${device.body.id}` });
    await request(ctx.api, 'POST', path, { token, body: { type: 'clock-out', at: '2026-11-20T16:30:00+01:00' } });
    await request(ctx.api, 'POST', path, { token, body: { type: 'interval', start: '2026-11-21T09:00:00Z', end: '2026-11-21T10:00:00Z', kind: 'break' } });

    const all = await request(ctx.api, 'GET', path, { token });
    expect(all.body.items.map((e: { type: string }) => e.type)).toEqual(['clock-in', 'clock-out', 'interval']);
    const day = await request(ctx.api, 'GET', `${path}?from=2026-11-20T00:00:00%2B01:00&to=2026-11-20T23:59:59%2B01:00`, { token });
    expect(day.body.items.map((e: { type: string }) => e.type)).toEqual(['clock-in', 'clock-out']);
    const paged = await request(ctx.api, 'GET', `${path}?limit=2`, { token });
    expect(paged.body.items).toHaveLength(2);
    const rest = await request(ctx.api, 'GET', `${path}?limit=2&cursor=${paged.body.nextCursor}`, { token });
    expect(rest.body.items.map((e: { type: string }) => e.type)).toEqual(['interval']);
  });

  it('DAT-8 refuses a capture key everything but capture', async () => {
    const admin = await newTenantWithKey(ctx.api, ['capture']);
    expect((await request(ctx.api, 'GET', '/v1/subjects', { token: admin.key })).status).toBe(403);
    expect((await request(ctx.api, 'POST', '/v1/subjects', { token: admin.key, body: {} })).status).toBe(403);
  });

  it('refuses an interval that ends before it starts, and an unknown subject', async () => {
    const { key } = await newTenantWithKey(ctx.api, ['admin', 'capture']);
    const subject = await newSubject(ctx.api, key);
    const backwards = await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/time-entries`, {
      token: key,
      body: { type: 'interval', start: '2026-11-21T10:00:00Z', end: '2026-11-21T09:00:00Z' },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.invalidParams).toEqual([expect.objectContaining({ name: 'end' })]);
    const unknown = await request(ctx.api, 'POST', `/v1/subjects/${'0'.repeat(26)}/time-entries`, { token: key, body: { type: 'clock-in', at: '2026-11-21T10:00:00Z' } });
    expect(unknown.status).toBe(404);
    expect((await request(ctx.api, 'GET', `/v1/subjects/${'0'.repeat(26)}/time-entries`, { token: key })).status).toBe(404);
  });
});
