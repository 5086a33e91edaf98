import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../local/scheduler.ts';
import { declineRequest } from '../../shared/services/privacy-requests/decisions.ts';
import { createRequest } from '../../shared/services/privacy-requests/intake.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { newTenantWithKey, request, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';

const ctx = useApi();
const tenantKey = { kind: 'tenant' as const, tenantId: '', keyId: 'test', scopes: ['admin' as const], actor: 'key:test', access: 'full' as const };

describe('privacy-request-reminders job', () => {
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
