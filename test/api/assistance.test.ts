import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_CONFIG } from '../../shared/config/stage.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import type { Reply } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';
import { newSubject } from '../support/subjects.ts';

const ctx = useApi();
const SUPPORT = STAGE_CONFIG.dev.support.email;

let A: Awaited<ReturnType<typeof newTenantWithKey>>;
let B: Awaited<ReturnType<typeof newTenantWithKey>>;

function expectInvalid(reply: Reply, name: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(400);
  expect(reply.body.invalidParams).toEqual([expect.objectContaining({ name })]);
}

/** A privacy request of the tenant's own, for an assistance request to refer to. */
async function privacyRequestOf(key: string): Promise<string> {
  const made = await request(ctx.api, 'POST', '/v1/privacy-requests', { token: key, body: { type: 'access', channel: 'email', requester: { email: 'mojca@example.org' } } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body.id;
}

const ask = (key: string, body: Record<string, unknown>) => request(ctx.api, 'POST', '/v1/assistance-requests', { token: key, body });
const resolve = (tenantId: string, id: string, body: Record<string, unknown>) =>
  request(ctx.api, 'POST', `/v1/operator/tenants/${tenantId}/assistance-requests/${id}/resolution`, { token: OPERATOR_TOKEN, body });

beforeAll(async () => {
  A = await newTenantWithKey(ctx.api);
  B = await newTenantWithKey(ctx.api);
  await newSubject(ctx.api, A.key);
});

describe('assistance requests', () => {
  it('DSR-11 a request is recorded and e-mailed to the vendor’s support desk once', async () => {
    const privacyRequestId = await privacyRequestOf(A.key);
    const made = await ask(A.key, { description: 'The access export of a request misses the time entries of last year.', urgency: 'urgent', privacyRequestId });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ tenantId: A.tenantId, status: 'open', urgency: 'urgent', privacyRequestId });
    const mails = (await inboxOf(SUPPORT)).filter((m) => m.body.text?.includes(made.body.id));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^\[URGENT\] Assistance request from/);
  });

  it('TEN-3 DSR-11 a privacy request id that is not the caller’s own, another tenant’s or none at all, is refused naming the field; nothing written, nobody told', async () => {
    const ofB = await privacyRequestOf(B.key);
    const before = (await allItems()).length;
    const supportMails = (await inboxOf(SUPPORT)).length;
    for (const privacyRequestId of [ofB, '01bbbbbbbbbbbbbbbbbbbbbbbb']) {
      expectInvalid(await ask(A.key, { description: 'The export of this request is missing a file.', urgency: 'normal', privacyRequestId }), 'privacyRequestId');
    }
    expect((await allItems()).length).toBe(before);
    expect(await inboxOf(SUPPORT)).toHaveLength(supportMails);
  });

  it('DSR-11 a description carrying a subject’s e-mail address, an IBAN or a password is refused, naming the field, nothing written', async () => {
    const before = (await allItems()).length;
    for (const description of [
      'Please fix the record of ana.novak@acme.example, it is wrong.',
      'The refund goes to SI56 1910 0000 0123 438 for this person.',
      'Log in with password: hunter22 to see the problem.',
    ]) {
      expectInvalid(await ask(A.key, { description, urgency: 'normal' }), 'description');
    }
    expect((await allItems()).length).toBe(before);
  });

  it('DSR-11 the operator lists open requests and resolves one once, billed or not with a reason; the tenant sees the outcome', async () => {
    const billed = await ask(A.key, { description: 'Please restore the history of a rectified subject by hand.', urgency: 'normal' });
    const free = await ask(A.key, { description: 'The erasure of one subject seems stuck; please check the job.', urgency: 'normal' });
    const open = await request(ctx.api, 'GET', '/v1/operator/assistance-requests?status=open&limit=100', { token: OPERATOR_TOKEN });
    expect(open.body.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([billed.body.id, free.body.id]));

    expectInvalid(await resolve(A.tenantId, billed.body.id, { minutesSpent: 45, summary: 'Restored.' }), 'body');
    expectInvalid(await resolve(A.tenantId, billed.body.id, { minutesSpent: 45, summary: 'Restored.', netCents: 1, notBilled: { reason: 'x'.repeat(5) } }), 'body');
    const done = await resolve(A.tenantId, billed.body.id, { minutesSpent: 45, summary: 'Restored from the versions.', netCents: 6000 });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'resolved', resolution: { minutesSpent: 45, billing: { billable: true, netCents: 6000, currency: 'EUR' } } });
    expect((await resolve(A.tenantId, billed.body.id, { minutesSpent: 1, summary: 'Again.', netCents: 1 })).status).toBe(409);
    const waived = await resolve(A.tenantId, free.body.id, { minutesSpent: 10, summary: 'A bug of ours, fixed.', notBilled: { reason: 'Caused by a defect of the service' } });
    expect(waived.body.resolution.billing).toEqual({ billable: false, reason: 'Caused by a defect of the service' });

    const own = await request(ctx.api, 'GET', '/v1/assistance-requests?limit=100', { token: A.key });
    expect(own.body.items.find((r: { id: string }) => r.id === billed.body.id)).toMatchObject({ status: 'resolved', resolution: { billing: { netCents: 6000 } } });
    const resolved = await request(ctx.api, 'GET', '/v1/operator/assistance-requests?status=resolved&limit=100', { token: OPERATOR_TOKEN });
    expect(resolved.body.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([billed.body.id, free.body.id]));
  });

  it('TEN-3 DSR-11 tenant B sees none of A’s requests and cannot reach them through another tenant’s path', async () => {
    const made = await ask(A.key, { description: 'A question only tenant A should see in its own list.', urgency: 'normal' });
    const list = await request(ctx.api, 'GET', '/v1/assistance-requests?limit=100', { token: B.key });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(made.body.id);
    expect((await resolve(B.tenantId, made.body.id, { minutesSpent: 1, summary: 'x', netCents: 1 })).status).toBe(404);
  });
});
