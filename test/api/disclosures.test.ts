import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { notifyRecipientsOfChange, recordDisclosure } from '../../shared/services/disclosures.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import type { Reply } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';
import { newSubject } from '../support/subjects.ts';

const ctx = useApi();
const unique = () => randomBytes(4).toString('hex');

let A: Awaited<ReturnType<typeof newTenantWithKey>>;
let B: Awaited<ReturnType<typeof newTenantWithKey>>;
let dpoOfA: string;

function expectInvalid(reply: Reply, name: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(400);
  expect(reply.headers.get('content-type')).toBe('application/problem+json');
  expect(reply.body.invalidParams).toEqual([expect.objectContaining({ name })]);
}

async function newRecipient(key: string, overrides: Record<string, unknown> = {}) {
  const reply = await request(ctx.api, 'POST', '/v1/recipients', {
    token: key,
    body: { name: 'Payroll Services d.o.o.', kind: 'processor', country: 'SI', noticeEmail: `privacy.${unique()}@payroll.example`, language: 'en', ...overrides },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { id: string; noticeEmail: string; version: number };
}

function disclose(key: string, body: Record<string, unknown>) {
  return request(ctx.api, 'POST', '/v1/disclosures', {
    token: key,
    body: { kind: 'transfer', dataCategories: ['working time'], legalBasis: 'Art. 28 GDPR processing contract', reference: 'PAY-2026-03', ...body },
  });
}

beforeAll(async () => {
  dpoOfA = `dpo.${unique()}@acme.example`;
  A = await newTenantWithKey(ctx.api, ['admin'], {
    contacts: { administrator: { name: 'Ana Admin', email: `admin.${unique()}@acme.example` }, dataProtection: { name: 'Dana Protect', email: dpoOfA } },
  });
  B = await newTenantWithKey(ctx.api);
});

describe('recipients registry', () => {
  it('AUD-3 a recipient is registered, listed, read, changed with If-Match, and deactivated rather than deleted', async () => {
    const r = await newRecipient(A.key, { name: 'Insurer d.d.', kind: 'controller', language: 'sl' });
    const list = await request(ctx.api, 'GET', '/v1/recipients', { token: A.key });
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(r.id);
    const read = await request(ctx.api, 'GET', `/v1/recipients/${r.id}`, { token: A.key });
    expect(read.body).toMatchObject({ name: 'Insurer d.d.', kind: 'controller', active: true, version: 1 });
    expect(read.headers.get('etag')).toBe('"1"');

    const stale = await request(ctx.api, 'PATCH', `/v1/recipients/${r.id}`, { token: A.key, headers: { 'If-Match': '"7"' }, body: { active: false } });
    expect(stale.status).toBe(412);
    const off = await request(ctx.api, 'PATCH', `/v1/recipients/${r.id}`, { token: A.key, headers: { 'If-Match': '"1"' }, body: { active: false } });
    expect(off.body).toMatchObject({ active: false, version: 2 });
    expect((await request(ctx.api, 'DELETE', `/v1/recipients/${r.id}`, { token: A.key })).status).toBeGreaterThanOrEqual(400);

    const refused = await disclose(A.key, { recipient: r.id, subjectIds: [] });
    expectInvalid(refused, 'recipient');
  });

  it('AUD-3 a disclosure to an unregistered recipient or of an unknown subject is refused, naming the field', async () => {
    const r = await newRecipient(A.key);
    expectInvalid(await disclose(A.key, { recipient: '01aaaaaaaaaaaaaaaaaaaaaaaa', subjectIds: [] }), 'recipient');
    expectInvalid(await disclose(A.key, { recipient: r.id, subjectIds: ['01aaaaaaaaaaaaaaaaaaaaaaaa'] }), 'subjectIds.0');
    expectInvalid(await disclose(A.key, { recipient: r.id, subjectIds: [], legalBasis: undefined }), 'legalBasis');
  });
});

describe('disclosure log', () => {
  it('AUD-3 a recorded disclosure is in the log, in the subject’s listing and among its recipients; the read is audited', async () => {
    const subject = await newSubject(ctx.api, A.key);
    const r = await newRecipient(A.key);
    const made = await disclose(A.key, { recipient: r.id, subjectIds: [subject.id] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ recipient: r.id, subjectIds: [subject.id], by: 'tenant', legalBasis: 'Art. 28 GDPR processing contract' });

    const all = await request(ctx.api, 'GET', '/v1/disclosures?limit=100', { token: A.key });
    expect(all.body.items.map((d: { id: string }) => d.id)).toContain(made.body.id);
    const ofSubject = await request(ctx.api, 'GET', `/v1/disclosures?subjectId=${subject.id}`, { token: A.key });
    expect(ofSubject.body.items).toEqual([made.body]);

    const recipients = await request(ctx.api, 'GET', `/v1/subjects/${subject.id}/recipients`, { token: A.key });
    expect(recipients.body.items).toEqual([
      expect.objectContaining({ recipient: r.id, name: 'Payroll Services d.o.o.', kind: 'processor', active: true, disclosureIds: [made.body.id] }),
    ]);
    expect(recipients.body.items.filter((x: { active?: boolean }) => x.active).map((x: { recipient: string }) => x.recipient)).toEqual([r.id]);

    await ctx.auditQueue.drain();
    const audit = await request(ctx.api, 'GET', '/v1/audit?entity=disclosure-log&limit=100', { token: A.key });
    expect(audit.body.items.map((e: { entityId: string }) => e.entityId)).toContain(subject.id);
    const created = await request(ctx.api, 'GET', '/v1/audit?entity=disclosure&limit=100', { token: A.key });
    expect(created.body.items.map((e: { entityId: string }) => e.entityId)).toContain(made.body.id);
  });

  it('AUD-3 the tenant route requires an Idempotency-Key and replays with one', async () => {
    const r = await newRecipient(A.key);
    const body = { recipient: r.id, kind: 'transfer', subjectIds: [], dataCategories: ['working time'], legalBasis: 'Art. 28 GDPR', reference: 'X-1' };
    const without = await request(ctx.api, 'POST', '/v1/disclosures', { token: A.key, body, withoutIdempotencyKey: true });
    expect(without.status).toBe(400);
    const headers = { 'Idempotency-Key': `once-${unique()}` };
    const first = await request(ctx.api, 'POST', '/v1/disclosures', { token: A.key, body, headers });
    const again = await request(ctx.api, 'POST', '/v1/disclosures', { token: A.key, body, headers });
    expect(first.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
  });

  it('AUD-3 a whole-tenant disclosure counts for the subjects that existed then, not for later ones', async () => {
    const before = await newSubject(ctx.api, A.key);
    const r = await newRecipient(A.key);
    expect((await disclose(A.key, { recipient: r.id, subjectIds: [] })).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const after = await newSubject(ctx.api, A.key);
    const recipientsOf = async (subjectId: string) =>
      (await request(ctx.api, 'GET', `/v1/subjects/${subjectId}/recipients`, { token: A.key })).body.items.map((x: { recipient: string }) => x.recipient);
    expect(await recipientsOf(before.id)).toContain(r.id);
    expect(await recipientsOf(after.id)).not.toContain(r.id);
  });

  it('AUD-3 the tenant’s own full-export download is in the subject’s listing, and no recipient gets a notice for it', async () => {
    const subject = await newSubject(ctx.api, A.key);
    const scope = TenantScope.named(A.tenantId);
    const uow = new UnitOfWork();
    const id = recordDisclosure(uow, scope, { recipient: 'tenant', kind: 'export-download', subjectIds: [], dataCategories: ['all data'], legalBasis: 'Art. 28(3) GDPR', reference: 'export:x', actor: 'key:test' }, new Date(Date.now() + 5));
    await uow.commit();
    const listed = await request(ctx.api, 'GET', `/v1/subjects/${subject.id}/recipients`, { token: A.key });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.items).toContainEqual(expect.objectContaining({ recipient: 'tenant', disclosureIds: [id] }));
    expect(await notifyRecipientsOfChange(scope, subject.id, 'restriction', { requestId: `t-${unique()}`, now: new Date() })).toEqual({ notified: 0, rejected: 0 });
  });
});

describe('Art. 19 notices to recipients', () => {
  it('DSR-7 after a rectification each recipient is e-mailed once, even when asked twice, without personal values; the notice is logged', async () => {
    const subject = await newSubject(ctx.api, A.key);
    const processor = await newRecipient(A.key);
    const insurer = await newRecipient(A.key, { kind: 'controller', language: 'sl' });
    for (const r of [processor, insurer]) expect((await disclose(A.key, { recipient: r.id, subjectIds: [subject.id] })).status).toBe(201);
    const scope = TenantScope.named(A.tenantId);
    const requestId = `01${unique()}rectification`;
    const ctxOf = { requestId, changedFields: ['attributeSets.identity'], now: new Date() };

    expect(await notifyRecipientsOfChange(scope, subject.id, 'rectification', ctxOf)).toEqual({ notified: 2, rejected: 0 });
    expect(await notifyRecipientsOfChange(scope, subject.id, 'rectification', ctxOf)).toEqual({ notified: 2, rejected: 0 });

    const toProcessor = await inboxOf(processor.noticeEmail);
    const toInsurer = await inboxOf(insurer.noticeEmail);
    expect(toProcessor).toHaveLength(1);
    expect(toInsurer).toHaveLength(1);
    const [mail] = toProcessor;
    expect(mail!.subject).toContain('rectified');
    expect(mail!.body.text).toContain(subject.id);
    expect(mail!.body.text).toContain('attributeSets.identity');
    expect(mail!.body.text).toContain('PAY-2026-03');
    expect(mail!.replyTo).toEqual([dpoOfA]);
    for (const personal of ['Ana', 'Novak', 'ana.novak@acme.example', '12345678']) expect(mail!.body.text).not.toContain(personal);
    expect(toInsurer[0]!.subject).toContain('popravil');

    const log = await request(ctx.api, 'GET', `/v1/disclosures?subjectId=${subject.id}&limit=100`, { token: A.key });
    const notices = log.body.items.filter((d: { kind: string }) => d.kind === 'recipient-notice');
    expect(notices.map((d: { recipient: string }) => d.recipient).sort()).toEqual([processor.id, insurer.id].sort());
    expect(notices[0]).toMatchObject({ reference: requestId, legalBasis: expect.stringContaining('Art. 19') });
  });

  it('DSR-7 works after the subject was erased: the log still names its recipients', async () => {
    const subject = await newSubject(ctx.api, A.key);
    const r = await newRecipient(A.key);
    expect((await disclose(A.key, { recipient: r.id, subjectIds: [subject.id] })).status).toBe(201);
    expect((await request(ctx.api, 'DELETE', `/v1/subjects/${subject.id}`, { token: A.key })).status).toBe(200);

    const recipients = await request(ctx.api, 'GET', `/v1/subjects/${subject.id}/recipients`, { token: A.key });
    expect(recipients.body.items.map((i: { recipient: string }) => i.recipient)).toEqual([r.id]);
    const result = await notifyRecipientsOfChange(TenantScope.named(A.tenantId), subject.id, 'erasure', { requestId: `erase-${unique()}`, now: new Date() });
    expect(result).toEqual({ notified: 1, rejected: 0 });
    const [mail] = await inboxOf(r.noticeEmail);
    expect(mail!.subject).toContain('erased');
    expect(mail!.body.text).toContain('As its processor, erase');
  });

  it('DSR-7 the tenant asks for notices after a direct change: once per change, and only for a change in effect', async () => {
    const subject = await newSubject(ctx.api, A.key);
    const r = await newRecipient(A.key);
    expect((await disclose(A.key, { recipient: r.id, subjectIds: [subject.id] })).status).toBe(201);
    const path = `/v1/subjects/${subject.id}/notify-recipients`;

    expectInvalid(await request(ctx.api, 'POST', path, { token: A.key, body: { change: 'erasure' } }), 'change');
    expectInvalid(await request(ctx.api, 'POST', path, { token: A.key, body: { change: 'rectification' } }), 'change');
    const patched = await request(ctx.api, 'PATCH', `/v1/subjects/${subject.id}`, { token: A.key, headers: { 'If-Match': '"1"' }, body: { endUser: false } });
    expect(patched.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const told = await request(ctx.api, 'POST', path, { token: A.key, body: { change: 'rectification', changedFields: ['endUser'] } });
      expect(told.body).toEqual({ change: 'rectification', notified: 1, rejected: 0 });
    }
    expect(await inboxOf(r.noticeEmail)).toHaveLength(1);
    expect(await inboxOf(r.noticeEmail).then((m) => m[0]!.body.text)).toContain('version-2');
  });

  it('DSR-7 a deactivated recipient gets no notice', async () => {
    const subject = await newSubject(ctx.api, A.key);
    const r = await newRecipient(A.key);
    expect((await disclose(A.key, { recipient: r.id, subjectIds: [subject.id] })).status).toBe(201);
    await request(ctx.api, 'PATCH', `/v1/recipients/${r.id}`, { token: A.key, headers: { 'If-Match': '"1"' }, body: { active: false } });
    const result = await notifyRecipientsOfChange(TenantScope.named(A.tenantId), subject.id, 'restriction', { requestId: `r-${unique()}`, now: new Date() });
    expect(result).toEqual({ notified: 0, rejected: 0 });
    expect(await inboxOf(r.noticeEmail)).toHaveLength(0);
  });
});

describe("the vendor's own disclosures", () => {
  const path = () => `/v1/operator/tenants/${A.tenantId}/disclosures`;
  const order = { recipient: 'court', recipientName: 'Okrajno sodišče v Ljubljani', subjectIds: [], dataCategories: ['working time'], legalBasis: 'Art. 6(1)(c) GDPR with a court order' };

  it('AUD-3 without a lawful basis the vendor discloses nothing: refused, naming the field, nothing written', async () => {
    const before = (await allItems()).length;
    expectInvalid(await request(ctx.api, 'POST', path(), { token: OPERATOR_TOKEN, body: { ...order, reference: 'R-1' } }), 'basis');
    expectInvalid(await request(ctx.api, 'POST', path(), { token: OPERATOR_TOKEN, body: { ...order, basis: 'goodwill', reference: 'R-1' } }), 'basis');
    expectInvalid(await request(ctx.api, 'POST', path(), { token: OPERATOR_TOKEN, body: { ...order, basis: 'court-order' } }), 'reference');
    expectInvalid(await request(ctx.api, 'POST', path(), { token: OPERATOR_TOKEN, body: { ...order, basis: 'tenant-instruction', reference: 'R-1' } }), 'recipient');
    expect((await allItems()).length).toBe(before);
  });

  it('AUD-3 on a court order the disclosure is logged and the tenant’s data protection contact is told, once', async () => {
    const reference = `II Kpd ${unique()}/2026`;
    const made = await request(ctx.api, 'POST', path(), { token: OPERATOR_TOKEN, body: { ...order, basis: 'court-order', reference } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ by: 'vendor', basis: 'court-order', kind: 'authority-request', tenantNotice: { status: 'sent' } });
    const mails = (await inboxOf(dpoOfA)).filter((m) => m.body.text?.includes(reference));
    expect(mails).toHaveLength(1);
    const log = await request(ctx.api, 'GET', '/v1/disclosures?limit=100', { token: A.key });
    expect(log.body.items.map((d: { id: string }) => d.id)).toContain(made.body.id);
  });

  it('AUD-3 an order that forbids telling the tenant: no e-mail, and the tenant’s log does not show it', async () => {
    const reference = `K ${unique()}/2026`;
    const made = await request(ctx.api, 'POST', path(), {
      token: OPERATOR_TOKEN,
      body: { ...order, basis: 'court-order', reference, withholdTenantNotice: { reason: 'The order forbids informing the controller for 90 days' } },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.tenantNotice).toEqual({ status: 'withheld', reason: 'The order forbids informing the controller for 90 days' });
    expect((await inboxOf(dpoOfA)).filter((m) => m.body.text?.includes(reference))).toHaveLength(0);
    const log = await request(ctx.api, 'GET', '/v1/disclosures?limit=100', { token: A.key });
    expect(log.body.items.map((d: { id: string }) => d.id)).not.toContain(made.body.id);
  });
});

describe('isolation', () => {
  it('TEN-3 AUD-3 tenant B sees none of A’s log or recipients', async () => {
    const subject = await newSubject(ctx.api, A.key);
    const r = await newRecipient(A.key);
    const made = await disclose(A.key, { recipient: r.id, subjectIds: [subject.id] });
    expect(made.status).toBe(201);

    expect((await request(ctx.api, 'GET', `/v1/recipients/${r.id}`, { token: B.key })).status).toBe(404);
    expect((await request(ctx.api, 'GET', `/v1/subjects/${subject.id}/recipients`, { token: B.key })).status).toBe(404);
    expect((await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/notify-recipients`, { token: B.key, body: { change: 'restriction' } })).status).toBe(404);
    const patch = await request(ctx.api, 'PATCH', `/v1/recipients/${r.id}`, { token: B.key, headers: { 'If-Match': '"1"' }, body: { active: false } });
    expect(patch.status).toBe(404);
    expectInvalid(await disclose(B.key, { recipient: r.id, subjectIds: [] }), 'recipient');
    for (const list of ['/v1/recipients?limit=100', '/v1/disclosures?limit=100', `/v1/disclosures?subjectId=${subject.id}`]) {
      const reply = await request(ctx.api, 'GET', list, { token: B.key });
      expect(reply.status).toBe(200);
      for (const id of [r.id, made.body.id, subject.id]) expect(JSON.stringify(reply.body)).not.toContain(id);
    }
  });
});
