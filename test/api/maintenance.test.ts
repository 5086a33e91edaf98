import { beforeAll, describe, expect, it } from 'vitest';
import { LocalTopic } from '../../local/sns.ts';
import { useTopicPublisher } from '../../shared/clients/sns.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';
import { published, scheduleBody, tenantIn } from '../support/maintenance.ts';

const ctx = useApi();
const topic = new LocalTopic();
beforeAll(() => useTopicPublisher(topic));

const schedule = (body: unknown) => request(ctx.api, 'POST', '/v1/operator/maintenance', { token: OPERATOR_TOKEN, body });

describe('scheduling maintenance', () => {
  it('MNT-1 refuses maintenance announced 47 hours ahead with a problem naming startsAt, and writes nothing', async () => {
    const tenant = await tenantIn(ctx.api, 'en');
    const before = (await allItems()).filter((i) => i.type === 'maintenance').length;
    const reply = await schedule(scheduleBody(47, [tenant.tenantId]));
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(reply.body.invalidParams).toEqual([expect.objectContaining({ in: 'body', name: 'startsAt', reason: expect.stringMatching(/48 hours/) })]);
    expect((await allItems()).filter((i) => i.type === 'maintenance').length).toBe(before);
    expect(await inboxOf(tenant.email)).toHaveLength(0);
  });

  it('MNT-1 MNT-2 accepts 49 hours ahead and announces it to each affected administrator in its language, and to the topic once', async () => {
    const sl = await tenantIn(ctx.api, 'sl');
    const en = await tenantIn(ctx.api, 'en');
    const unaffected = await tenantIn(ctx.api, 'en');
    const reply = await schedule(scheduleBody(49, [sl.tenantId, en.tenantId]));
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ status: 'scheduled', countsAsPlanned: true, emergency: false, leadHours: 48, appliesTo: 'listed' });
    const id = reply.body.id as string;

    const [slMail, ...slMore] = await inboxOf(sl.email);
    const [enMail, ...enMore] = await inboxOf(en.email);
    expect([slMore, enMore]).toEqual([[], []]);
    expect(slMail!.subject).toBe('Načrtovano vzdrževanje: API, zajem podatkov — Napoved');
    expect(slMail!.body.text).toContain('Nadgradnja podatkovne baze.');
    expect(slMail!.body.html).toContain('<html lang="sl">');
    expect(enMail!.subject).toBe('Planned maintenance: API, data capture — Announced');
    expect(enMail!.body.text).toContain('at most 2 h');
    expect(enMail!.body.text).toContain('Database upgrade.');
    expect(await inboxOf(unaffected.email)).toHaveLength(0);
    expect(published(topic, id, 'announcement')).toHaveLength(1);

    const read = await request(ctx.api, 'GET', `/v1/operator/maintenance/${id}`, { token: OPERATOR_TOKEN });
    expect(read.status).toBe(200);
    expect(read.body.announcedAt).toEqual(expect.any(String));
    expect(read.body.notices).toEqual([expect.objectContaining({ kind: 'announcement', status: 'sent', tenants: 2, topicMessageId: expect.any(String) })]);
  });

  it('MNT-1 SLA-2 accepts emergency work an hour ahead and records it as not planned maintenance', async () => {
    const tenant = await tenantIn(ctx.api, 'en');
    const reply = await schedule(scheduleBody(1, [tenant.tenantId], { emergency: true }));
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ countsAsPlanned: false, notPlannedReason: 'emergency', emergency: true });
    const [mail] = await inboxOf(tenant.email);
    expect(mail!.subject).toBe('Emergency maintenance: API, data capture — Announced');
  });

  it('MNT-1 names an affected tenant that does not exist', async () => {
    const tenant = await tenantIn(ctx.api, 'en');
    const reply = await schedule(scheduleBody(49, [tenant.tenantId, '0'.repeat(26)]));
    expect(reply.status).toBe(400);
    expect(reply.body.invalidParams[0]).toMatchObject({ in: 'body', name: 'affectedTenantIds.1' });
  });

  it('MNT-2 records start and completion through the routes, each notice once, and refuses a second completion', async () => {
    const tenant = await tenantIn(ctx.api, 'sl');
    const created = await schedule(scheduleBody(0.5, [tenant.tenantId], { emergency: true, expectedMaxDurationMinutes: 30 }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const start = await request(ctx.api, 'POST', `/v1/operator/maintenance/${id}/start`, { token: OPERATOR_TOKEN });
    expect(start.status).toBe(200);
    expect(start.body.status).toBe('in-progress');
    const done = await request(ctx.api, 'POST', `/v1/operator/maintenance/${id}/completion`, { token: OPERATOR_TOKEN });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', overrun: false });
    const again = await request(ctx.api, 'POST', `/v1/operator/maintenance/${id}/completion`, { token: OPERATOR_TOKEN });
    expect(again.status).toBe(409);

    const subjects = (await inboxOf(tenant.email)).map((m) => m.subject);
    expect(subjects).toEqual([
      'Nujno vzdrževanje: API, zajem podatkov — Napoved',
      'Nujno vzdrževanje: API, zajem podatkov — Začelo se je',
      'Nujno vzdrževanje: API, zajem podatkov — Končano',
    ]);
    expect(['announcement', 'start', 'completion'].map((k) => published(topic, id, k).length)).toEqual([1, 1, 1]);
  });

  it('MNT-2 refuses to complete maintenance that has not started', async () => {
    const tenant = await tenantIn(ctx.api, 'en');
    const created = await schedule(scheduleBody(50, [tenant.tenantId]));
    const reply = await request(ctx.api, 'POST', `/v1/operator/maintenance/${created.body.id}/completion`, { token: OPERATOR_TOKEN });
    expect(reply.status).toBe(409);
  });

  it('TEN-4 keeps maintenance routes to the operator: unsigned, the route is not there (404, decision 181); a tenant key is refused', async () => {
    expect((await request(ctx.api, 'GET', '/v1/operator/maintenance')).status).toBe(404);
    const { key } = await newTenantWithKey(ctx.api, ['admin']);
    const withKey = await request(ctx.api, 'GET', '/v1/operator/maintenance', { token: key });
    expect(withKey.status).toBe(403);
  });
});
