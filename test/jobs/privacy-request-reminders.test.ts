import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../local/scheduler.ts';
import { declineRequest, extendRequest } from '../../shared/services/privacy-requests/decisions.ts';
import { createRequest } from '../../shared/services/privacy-requests/intake.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { newTenantWithKey, request, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';

const ctx = useApi();
const tenantKey = { kind: 'tenant' as const, tenantId: '', keyId: 'test', scopes: ['admin' as const], actor: 'key:test', access: 'full' as const };

describe('privacy-request-reminders job', () => {
  it('DSR-2 SEC-5 an extension notice whose sending failed goes out with the next hourly run, not weeks later', async () => {
    const { tenantId, key } = await newTenantWithKey(ctx.api);
    const scope = TenantScope.named(tenantId);
    const auth = { ...tenantKey, tenantId };
    const email = `extend.${randomBytes(4).toString('hex')}@example.org`;
    const now = new Date();
    const createUow = new UnitOfWork();
    const created = await createRequest(createUow, scope, { type: 'access', requester: { email }, channel: 'email' }, auth, now);
    await createUow.commit();
    const uow = new UnitOfWork();
    await extendRequest(uow, scope, created.id, { months: 2, reason: 'Three archives to search.' }, auth, now);
    await uow.commit();
    expect(await inboxOf(email)).toEqual([]);
    // The deadline is three months away: only the owed notice puts the request in this run's reach.
    expect(await runJob('privacy-request-reminders', new Date(now.getTime() + 3_600_000))).toMatchObject({ noticesFinished: 1 });
    expect((await inboxOf(email)).map((m) => m.subject)).toEqual([`We need more time to answer your request (${created.id})`]);
    const read = await request(ctx.api, 'GET', `/v1/privacy-requests/${created.id}`, { token: key });
    expect(read.body).toMatchObject({ state: 'received', owed: [], told: { 'tell-extension': expect.any(String) } });
  });

  it('DSR-3 SEC-5 finishes an answer a crash left unsent after the decision committed, once across reruns', async () => {
    const { tenantId, key } = await newTenantWithKey(ctx.api);
    const scope = TenantScope.named(tenantId);
    const auth = { ...tenantKey, tenantId };
    const email = `crash.${randomBytes(4).toString('hex')}@example.org`;
    const now = new Date();
    const createUow = new UnitOfWork();
    const created = await createRequest(createUow, scope, { type: 'erasure', requester: { email }, channel: 'post' }, auth, now);
    await createUow.commit();
    // The decision commits; the process dies before its after-commit step sends the refusal.
    const uow = new UnitOfWork();
    await declineRequest(uow, scope, created.id, { ground: 'legal-exemption', reason: 'Tax records are kept for ten years.' }, auth, now);
    await uow.commit();
    expect(await inboxOf(email)).toEqual([]);
    const owed = await request(ctx.api, 'GET', `/v1/privacy-requests/${created.id}`, { token: key });
    expect(owed.body).toMatchObject({ state: 'declined', owed: ['send-refusal'], requester: { email } });

    const first = await runJob('privacy-request-reminders', now);
    expect(first).toMatchObject({ noticesFinished: 1, noticesPending: 0 });
    const second = await runJob('privacy-request-reminders', now);
    expect(second).toMatchObject({ noticesFinished: 0 });
    const mails = await inboxOf(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body.text).toContain('Reasons: Tax records are kept for ten years.');
    const settled = await request(ctx.api, 'GET', `/v1/privacy-requests/${created.id}`, { token: key });
    expect(settled.body).toMatchObject({ owed: [], told: { 'send-refusal': expect.any(String) }, requester: { language: 'en' } });
    expect(settled.body.requester.email).toBeUndefined();
  });
});
