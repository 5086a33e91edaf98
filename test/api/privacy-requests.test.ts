import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays, localDateOf, startOfDay } from '../../shared/domain/billing/calendar.ts';
import { runPrivacyRequestReminders } from '../../shared/services/privacy-requests/reminders.ts';
import { allItems, newTenantWithKey, refusedWithoutWrites as refused, request, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';
import { newSubject } from '../support/subjects.ts';

const ctx = useApi();

const unique = (who: string) => `${who}.${randomBytes(4).toString('hex')}@example.org`;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** A tenant whose data protection contact has its own address, and its admin key. */
async function tenant(language: 'sl' | 'en' = 'en') {
  const dpo = unique('dpo');
  const t = await newTenantWithKey(ctx.api, ['admin'], {
    language,
    contacts: { administrator: { name: 'Ana Admin', email: unique('admin') }, dataProtection: { name: 'Dana DPO', email: dpo } },
  });
  return { ...t, dpo };
}

type Tenant = Awaited<ReturnType<typeof tenant>>;

async function newRequest(t: Tenant, body: Record<string, unknown>) {
  const reply = await request(ctx.api, 'POST', '/v1/privacy-requests', { token: t.key, body: { channel: 'email', ...body } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { id: string; state: string; dueOn: string; dueAt: string; repeatOf?: { requestId: string } };
}

const post = (t: Tenant, id: string, step: string, body?: unknown) => request(ctx.api, 'POST', `/v1/privacy-requests/${id}/${step}`, { token: t.key, ...(body === undefined ? {} : { body }) });

async function verified(t: Tenant, id: string, subjectId?: string) {
  const reply = await post(t, id, 'verification', { method: 'existing-account', result: 'verified', ...(subjectId ? { subjectId } : {}) });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}


describe('recording a request', () => {
  it('DSR-1 DSR-2 records the receipt time and a deadline of one calendar month, and lists it', async () => {
    // The platform's clock stands a few days after the receipt: the request is recorded as it reached the tenant.
    ctx.api.clock.set('2026-11-05T10:00:00+01:00');
    const t = await tenant();
    const receivedAt = '2026-10-31T09:00:00+01:00';
    const created = await newRequest(t, { type: 'access', requester: { email: unique('ana') }, receivedAt });
    expect(created).toMatchObject({ state: 'received', dueOn: '2026-11-30', firstDueOn: '2026-11-30', channel: 'email', told: {}, owed: [] });
    expect(created.dueAt).toBe('2026-11-30T23:00:00.000Z');
    const list = await request(ctx.api, 'GET', '/v1/privacy-requests', { token: t.key });
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([created.id]);
    const received = await request(ctx.api, 'GET', '/v1/privacy-requests?state=received', { token: t.key });
    expect(received.body.items).toHaveLength(1);
    const done = await request(ctx.api, 'GET', '/v1/privacy-requests?state=completed', { token: t.key });
    expect(done.body.items).toHaveLength(0);
  });

  it.each([
    ['an unknown type', { type: 'deletion', requester: { email: 'a@example.org' } }, 'type'],
    ['no requester address', { type: 'access', requester: {} }, 'requester.email'],
    ['a receipt in the future', { type: 'access', requester: { email: 'a@example.org' }, receivedAt: '2999-01-01T00:00:00Z' }, 'receivedAt'],
    ['the vendor-intake channel', { type: 'access', requester: { email: 'a@example.org' }, channel: 'vendor-intake' }, 'channel'],
  ])('DSR-1 refuses %s, naming the field, and writes nothing', async (_name, body, field) => {
    const t = await tenant();
    const reply = await refused(() => request(ctx.api, 'POST', '/v1/privacy-requests', { token: t.key, body: { channel: 'email', ...body } }));
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body.invalidParams).toEqual([expect.objectContaining({ in: 'body', name: field })]);
  });

  it('DSR-4 flags a request by the same person less than six months after the last one, and not one of another person', async () => {
    const t = await tenant();
    const email = unique('repeat');
    const first = await newRequest(t, { type: 'access', requester: { email }, receivedAt: daysAgo(100) });
    const second = await newRequest(t, { type: 'access', requester: { email: email.toUpperCase() }, receivedAt: daysAgo(1) });
    expect(second.repeatOf).toMatchObject({ requestId: first.id });
    const other = await newRequest(t, { type: 'access', requester: { email: unique('other') } });
    expect(other.repeatOf).toBeUndefined();
  });

  it('TEN-3 a tenant cannot see or act on another tenant’s request', async () => {
    const a = await tenant();
    const b = await tenant();
    const created = await newRequest(a, { type: 'access', requester: { email: unique('iso') } });
    expect((await request(ctx.api, 'GET', `/v1/privacy-requests/${created.id}`, { token: b.key })).status).toBe(404);
    expect((await post(b, created.id, 'decline', { ground: 'other', reason: 'no' })).status).toBe(404);
    expect((await request(ctx.api, 'GET', '/v1/privacy-requests', { token: b.key })).body.items).toEqual([]);
  });
});

describe('identity, extension, fee and refusal', () => {
  it('DSR-2 a request cannot be fulfilled before the identity is verified; the method and result are recorded', async () => {
    const t = await tenant();
    const subject = await newSubject(ctx.api, t.key);
    const created = await newRequest(t, { type: 'restriction', requester: { email: unique('id') }, subjectId: subject.id });
    const early = await refused(() => post(t, created.id, 'fulfilment', {}));
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/verified first/);
    const failed = await post(t, created.id, 'verification', { method: 'email-confirmation', result: 'not-verified', note: 'no reply to the confirmation mail' });
    expect(failed.body).toMatchObject({ state: 'received', verification: { method: 'email-confirmation', result: 'not-verified', attempts: 1 } });
    const ok = await verified(t, created.id);
    expect(ok).toMatchObject({ state: 'verified', verification: { method: 'existing-account', result: 'verified', attempts: 2 } });
    expect(ok.events.map((e: { event: string }) => e.event)).toEqual(['identity-not-verified', 'identity-verified']);
  });

  it('DSR-2 an extension within the first month e-mails the requester the reason and the new deadline; a second one is refused', async () => {
    // The platform's clock stands inside the first month of a request received on 1 November.
    ctx.api.clock.set('2026-11-20T10:00:00+01:00');
    const t = await tenant('sl');
    const email = unique('ext');
    const created = await newRequest(t, { type: 'access', requester: { email }, receivedAt: '2026-11-01T10:00:00+01:00' });
    const extended = await post(t, created.id, 'extension', { months: 2, reason: 'Podatki so v treh ločenih sistemih.' });
    expect(extended.status, JSON.stringify(extended.body)).toBe(200);
    expect(extended.body).toMatchObject({ state: 'received', dueOn: '2027-02-01', firstDueOn: '2026-12-01', extension: { months: 2 } });
    const [mail, ...more] = await inboxOf(email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe(`Podaljšanje roka za odgovor na vašo zahtevo (${created.id})`);
    expect(mail!.body.text).toContain('do 2027-02-01');
    expect(mail!.body.text).toContain('Razlog: Podatki so v treh ločenih sistemih.');
    expect(mail!.body.text).toContain('Informacijski pooblaščenec');
    expect(mail!.replyTo).toEqual([t.dpo]);
    const read = await request(ctx.api, 'GET', `/v1/privacy-requests/${created.id}`, { token: t.key });
    expect(read.body.owed).toEqual([]);
    expect(read.body.told['tell-extension']).toEqual(expect.any(String));
    const again = await refused(() => post(t, created.id, 'extension', { months: 1, reason: 'more' }));
    expect(again.status).toBe(400);
    expect(again.body.invalidParams).toEqual([expect.objectContaining({ name: 'months', reason: expect.stringMatching(/only once/) })]);
  });

  it('DSR-2 an extension after the first month is refused: the requester had to be told within it', async () => {
    const t = await tenant();
    const email = unique('late');
    const created = await newRequest(t, { type: 'access', requester: { email }, receivedAt: daysAgo(40) });
    const reply = await refused(() => post(t, created.id, 'extension', { months: 1, reason: 'complex' }));
    expect(reply.body.invalidParams).toEqual([expect.objectContaining({ name: 'months', reason: expect.stringMatching(/first month has passed/) })]);
    expect(await inboxOf(email)).toEqual([]);
  });

  it('DSR-4 a fee for a repeat is told to the requester, the request waits, and goes on once paid', async () => {
    const t = await tenant();
    const email = unique('fee');
    await newRequest(t, { type: 'access', requester: { email }, receivedAt: daysAgo(60) });
    const repeat = await newRequest(t, { type: 'access', requester: { email } });
    await verified(t, repeat.id);
    const fee = await post(t, repeat.id, 'fee', { ground: 'repeat-request', amountCents: 1500, currency: 'EUR', explanation: 'A second copy within two months.' });
    expect(fee.status, JSON.stringify(fee.body)).toBe(200);
    expect(fee.body).toMatchObject({ state: 'awaiting-fee', fee: { ground: 'repeat-request', amountCents: 1500 } });
    const [mail] = await inboxOf(email);
    expect(mail!.subject).toBe(`A fee for handling your request (${repeat.id})`);
    expect(mail!.body.text).toContain('€15.00');
    expect(mail!.body.text).toMatch(/withdraw the request/);
    expect((await refused(() => post(t, repeat.id, 'fulfilment', {}))).status).toBe(409);
    const paid = await post(t, repeat.id, 'fee-payment');
    expect(paid.body).toMatchObject({ state: 'verified', fee: { paidAt: expect.any(String) } });
  });

  it('DSR-4 a fee is set once: after it is paid it cannot be asked again', async () => {
    const t = await tenant();
    const created = await newRequest(t, { type: 'access', requester: { email: unique('twice') } });
    await verified(t, created.id);
    const fee = { ground: 'manifestly-excessive', amountCents: 2000, currency: 'EUR', explanation: 'Thirty requests this month.' };
    expect((await post(t, created.id, 'fee', fee)).status).toBe(200);
    expect((await post(t, created.id, 'fee-payment')).body.state).toBe('verified');
    const again = await refused(() => post(t, created.id, 'fee', fee));
    expect(again.body.invalidParams).toEqual([expect.objectContaining({ name: 'ground', reason: expect.stringMatching(/already set/) })]);
  });

  it('DSR-2 verification refuses a data subject the tenant does not hold, naming the field', async () => {
    const t = await tenant();
    const created = await newRequest(t, { type: 'access', requester: { email: unique('typo') } });
    const reply = await refused(() => post(t, created.id, 'verification', { method: 'existing-account', result: 'verified', subjectId: '01jzzzzzzzzzzzzzzzzzzzzzzz' }));
    expect(reply.body.invalidParams).toEqual([expect.objectContaining({ in: 'body', name: 'subjectId' })]);
  });

  it('DSR-4 a repeat-request fee is refused when the same person made no request in the last six months', async () => {
    const t = await tenant();
    const created = await newRequest(t, { type: 'access', requester: { email: unique('first') } });
    await verified(t, created.id);
    const reply = await refused(() => post(t, created.id, 'fee', { ground: 'repeat-request', amountCents: 1000, currency: 'EUR', explanation: 'again' }));
    expect(reply.body.invalidParams).toEqual([expect.objectContaining({ name: 'ground' })]);
  });

  it('DSR-4 the requester may withdraw rather than pay: nothing more is sent and the address is dropped', async () => {
    const t = await tenant();
    const email = unique('withdraw');
    const created = await newRequest(t, { type: 'access', requester: { email } });
    await verified(t, created.id);
    await post(t, created.id, 'fee', { ground: 'manifestly-excessive', amountCents: 5000, currency: 'EUR', explanation: 'Forty requests this week.' });
    const withdrawn = await post(t, created.id, 'withdrawal');
    expect(withdrawn.body.state).toBe('withdrawn');
    const read = await request(ctx.api, 'GET', `/v1/privacy-requests/${created.id}`, { token: t.key });
    expect(read.body.requester).toEqual({ language: 'en' });
    expect(await inboxOf(email)).toHaveLength(1);
  });

  it('DSR-3 a decline without a reason is refused, naming the field, and changes nothing', async () => {
    const t = await tenant();
    const created = await newRequest(t, { type: 'erasure', requester: { email: unique('noreason') } });
    for (const body of [{ ground: 'manifestly-unfounded' }, { ground: 'manifestly-unfounded', reason: '   ' }]) {
      const reply = await refused(() => post(t, created.id, 'decline', body));
      expect(reply.status).toBe(400);
      expect(reply.body.invalidParams).toEqual([expect.objectContaining({ in: 'body', name: 'reason' })]);
    }
  });

  it('DSR-3 DSR-10 a decline tells the requester the reasons, the right to complain and the right to a court', async () => {
    const t = await tenant();
    const email = unique('declined');
    const created = await newRequest(t, { type: 'erasure', requester: { email } });
    const declined = await post(t, created.id, 'decline', { ground: 'legal-exemption', reason: 'Payroll records must be kept for 5 years (ZDR-1).' });
    expect(declined.body).toMatchObject({ state: 'declined', decision: { outcome: 'declined', ground: 'legal-exemption' } });
    const [mail] = await inboxOf(email);
    expect(mail!.subject).toBe(`Answer to your request (${created.id})`);
    expect(mail!.body.text).toContain('Reasons: Payroll records must be kept for 5 years (ZDR-1).');
    expect(mail!.body.text).toContain('lodge a complaint with a supervisory authority: Information Commissioner of the Republic of Slovenia (https://www.ip-rs.si)');
    expect(mail!.body.text).toContain('effective judicial remedy');
    const read = await request(ctx.api, 'GET', `/v1/privacy-requests/${created.id}`, { token: t.key });
    expect(read.body.requester.email).toBeUndefined();
    expect((await post(t, created.id, 'withdrawal')).status).toBe(409);
  });
});

describe('fulfilment by the platform', () => {
  it('DSR-6 DSR-10 erasure removes the subject from every list and lookup, and the answer names the right to complain', async () => {
    const t = await tenant();
    const email = unique('erase');
    const subject = await newSubject(ctx.api, t.key);
    const created = await newRequest(t, { type: 'erasure', requester: { email }, subjectId: subject.id });
    await verified(t, created.id);
    const done = await post(t, created.id, 'fulfilment', {});
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ state: 'completed', decision: { outcome: 'fulfilled' }, fulfilment: { changed: ['erased'] } });
    expect((await request(ctx.api, 'GET', `/v1/subjects/${subject.id}`, { token: t.key })).status).toBe(410);
    expect((await request(ctx.api, 'GET', '/v1/subjects', { token: t.key })).body.items).toEqual([]);
    const lookup = await request(ctx.api, 'POST', '/v1/subjects/lookup', { token: t.key, body: { email: 'ana.novak@acme.example' } });
    expect(lookup.body.items).toEqual([]);
    const remains = (await allItems()).filter((i) => String(i.pk).startsWith(`T#${t.tenantId}#SUBJ#${subject.id}`) && i.sk !== 'SUBJECT');
    expect(remains).toEqual([]);
    const ofTenant = (await allItems()).filter((i) => String(i.pk).startsWith(`T#${t.tenantId}`));
    expect(JSON.stringify(ofTenant)).not.toContain('ana.novak@acme.example');
    // Neither the request nor the notice log keeps the requester's address once answered.
    expect(JSON.stringify(ofTenant)).not.toContain(email);
    const answered = ofTenant.find((i) => i.sk === `privacy-request#send-answer#${created.id}`);
    expect(answered).toMatchObject({ status: 'sent', recipients: [{ role: 'data-subject' }], deliveries: [{ role: 'data-subject', messageId: expect.any(String) }] });
    const [mail] = await inboxOf(email);
    expect(mail!.body.text).toContain('We erased your personal data everywhere we hold it');
    expect(mail!.body.text).toContain('right to lodge a complaint');
    expect(mail!.body.text).not.toContain('judicial remedy');
  });

  it('RET-3 DSR-6 erasing a subject under a legal hold is refused with 409 and changes nothing; the request stays verified and can be declined as a legal exemption', async () => {
    const t = await tenant();
    const subject = await newSubject(ctx.api, t.key);
    const hold = await request(ctx.api, 'POST', '/v1/retention/holds', { token: t.key, body: { subjectId: subject.id, reason: 'Pending labour dispute' } });
    expect(hold.status, JSON.stringify(hold.body)).toBe(201);
    const created = await newRequest(t, { type: 'erasure', requester: { email: unique('held') }, subjectId: subject.id });
    await verified(t, created.id);
    const reply = await refused(() => post(t, created.id, 'fulfilment', {}));
    expect(reply.status).toBe(409);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body.detail).toMatch(/under a legal hold/);
    expect((await request(ctx.api, 'GET', `/v1/privacy-requests/${created.id}`, { token: t.key })).body.state).toBe('verified');
    expect((await request(ctx.api, 'GET', `/v1/subjects/${subject.id}`, { token: t.key })).status).toBe(200);
    const declined = await post(t, created.id, 'decline', { ground: 'legal-exemption', reason: 'The data is under a legal hold for a pending labour dispute.' });
    expect(declined.body).toMatchObject({ state: 'declined', decision: { outcome: 'declined', ground: 'legal-exemption' } });
  });

  it('DSR-7 rectification corrects the record and notifies every recipient the data was disclosed to', async () => {
    const t = await tenant();
    const subject = await newSubject(ctx.api, t.key);
    const recipientAddress = unique('payroll-bureau');
    const recipient = await request(ctx.api, 'POST', '/v1/recipients', {
      token: t.key,
      body: { name: 'Payroll Bureau d.o.o.', kind: 'processor', country: 'SI', noticeEmail: recipientAddress, language: 'en' },
    });
    expect(recipient.status, JSON.stringify(recipient.body)).toBe(201);
    const disclosed = await request(ctx.api, 'POST', '/v1/disclosures', {
      token: t.key,
      body: {
        recipient: recipient.body.id,
        kind: 'transfer',
        subjectIds: [subject.id],
        dataCategories: ['identity'],
        legalBasis: 'Art. 6(1)(b) GDPR: payroll under the employment contract',
        reference: 'payroll contract 2026/14',
      },
    });
    expect(disclosed.status, JSON.stringify(disclosed.body)).toBe(201);
    const email = unique('rectify');
    const created = await newRequest(t, { type: 'rectification', requester: { email }, subjectId: subject.id, details: 'My surname is Novak-Kos.' });
    await verified(t, created.id);
    const missing = await refused(() => post(t, created.id, 'fulfilment', {}));
    expect(missing.body.invalidParams).toEqual([expect.objectContaining({ name: 'changes' })]);
    const changes = {
      attributeSets: [{ name: 'identity', purpose: 'employment contract', legalBasis: 'contract', attributes: { firstName: 'Ana', lastName: 'Novak-Kos', email: 'ana.novak@acme.example', taxNumber: '12345678' } }],
    };
    const done = await post(t, created.id, 'fulfilment', { changes, message: 'Your surname is corrected.' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.fulfilment).toEqual({ changed: ['attributeSets.identity'] });
    const read = await request(ctx.api, 'GET', `/v1/subjects/${subject.id}`, { token: t.key });
    expect(read.body.attributeSets[0].attributes.lastName).toBe('Novak-Kos');
    const notices = await inboxOf(recipientAddress);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body.text).not.toContain('Novak-Kos');
    const [answer] = await inboxOf(email);
    expect(answer!.body.text).toContain('We corrected: attributeSets.identity.');
    expect(answer!.body.text).toContain('Your surname is corrected.');
    const after = await request(ctx.api, 'GET', `/v1/privacy-requests/${created.id}`, { token: t.key });
    expect(after.body).toMatchObject({ owed: [], told: { 'notify-recipients': expect.any(String), 'send-answer': expect.any(String) } });
    expect(after.body.details).toBeUndefined();
  });

  it('DSR-6 DAT-4 restriction takes effect at once: capture for the subject is refused', async () => {
    const t = await tenant();
    const subject = await newSubject(ctx.api, t.key);
    const email = unique('restrict');
    const created = await newRequest(t, { type: 'restriction', requester: { email }, subjectId: subject.id });
    await verified(t, created.id);
    const done = await post(t, created.id, 'fulfilment', {});
    expect(done.body.fulfilment).toEqual({ changed: ['restriction'] });
    const [answer] = await inboxOf(email);
    expect(answer!.body.text).toContain('Processing of your data is restricted: we keep it but do not use it.');
    expect(answer!.body.text).toContain('right to lodge a complaint');
    const read = await request(ctx.api, 'GET', `/v1/subjects/${subject.id}`, { token: t.key });
    expect(read.body.restricted).toBe(true);
    const capture = await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/time-entries`, { token: t.key, body: { type: 'clock-in', at: new Date().toISOString() } });
    expect(capture.status).toBe(409);
  });

  it('DSR-1 a request that names no data subject cannot erase anything: the subject is named at verification', async () => {
    const t = await tenant();
    const created = await newRequest(t, { type: 'erasure', requester: { email: unique('nobody') } });
    await verified(t, created.id);
    const reply = await refused(() => post(t, created.id, 'fulfilment', {}));
    expect(reply.body.invalidParams).toEqual([expect.objectContaining({ name: 'subjectId' })]);
  });
});

describe('access, portability, objection and consent withdrawal', () => {
  /** A subject with a newsletter consent requested (double opt-in pending) and one rectification in its history. */
  async function subjectWithHistory(t: Tenant) {
    const subject = await newSubject(ctx.api, t.key);
    const consent = await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/consents`, {
      token: t.key,
      body: { purpose: 'newsletter', title: 'Monthly newsletter', textVersion: 'v1', text: 'I want the monthly newsletter.', source: 'web-form' },
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    const update = await request(ctx.api, 'PATCH', `/v1/subjects/${subject.id}`, { token: t.key, headers: { 'If-Match': '"1"' }, body: { category: 'contractor' } });
    expect(update.status, JSON.stringify(update.body)).toBe(200);
    return subject;
  }

  /** Follows the requester's link: its page, then the page's button, which answers 303 to a five-minute link into the bucket. */
  async function openLink(path: string) {
    const page = await request(ctx.api, 'GET', path);
    if (page.status !== 200) return { status: page.status, body: page.body };
    const reply = await request(ctx.api, 'POST', path);
    if (reply.status !== 303) return { status: reply.status, body: reply.body };
    const object = await fetch(reply.headers.get('location')!);
    return { status: object.status, body: await object.json() };
  }

  const linkIn = (text: string) => /https?:\/\/\S+(\/v1\/public\/exports\/[^\s]+)/.exec(text)?.[1];

  it.each(['access', 'portability'] as const)('DSR-5 %s: the answer links a JSON export of the record, its history, consents and requests', async (type) => {
    const t = await tenant();
    const email = unique(type);
    const subject = await subjectWithHistory(t);
    // A processor that received the data and has since been deactivated still received it (Art. 15(1)(c)).
    const former = await request(ctx.api, 'POST', '/v1/recipients', {
      token: t.key,
      body: { name: 'Former Payroll d.o.o.', kind: 'processor', country: 'SI', noticeEmail: unique('former'), language: 'en' },
    });
    await request(ctx.api, 'POST', '/v1/disclosures', {
      token: t.key,
      body: { recipient: former.body.id, kind: 'transfer', subjectIds: [subject.id], dataCategories: ['identity'], legalBasis: 'Art. 28 GDPR processing contract', reference: 'PAY-1' },
    });
    const deactivated = await request(ctx.api, 'PATCH', `/v1/recipients/${former.body.id}`, { token: t.key, headers: { 'If-Match': '"1"' }, body: { active: false } });
    expect(deactivated.status, JSON.stringify(deactivated.body)).toBe(200);
    const created = await newRequest(t, { type, requester: { email }, subjectId: subject.id });
    await verified(t, created.id);
    const done = await post(t, created.id, 'fulfilment', {});
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.fulfilment).toEqual({ exportId: expect.any(String), exportExpiresAt: expect.any(String) });
    expect(Date.parse(done.body.fulfilment.exportExpiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const [answer] = await inboxOf(email);
    const path = linkIn(answer!.body.text!);
    expect(path, answer!.body.text).toBeDefined();
    const document = await openLink(path!);
    expect(document.status).toBe(200);
    expect(document.body.subject).toMatchObject({ id: subject.id, category: 'contractor' });
    expect(document.body.history.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(document.body.consents).toEqual([expect.objectContaining({ purpose: 'newsletter', status: 'pending' })]);
    expect(document.body.privacyRequests).toEqual([expect.objectContaining({ id: created.id, type })]);
    expect(document.body.recipients).toEqual([expect.objectContaining({ name: 'Former Payroll d.o.o.', active: false, disclosureIds: [expect.any(String)] })]);
    // The link is the requester's own: nothing else in the answer, and no address in the record after it.
    const read = await request(ctx.api, 'GET', `/v1/privacy-requests/${created.id}`, { token: t.key });
    expect(read.body.requester).toEqual({ language: 'en' });
    expect(JSON.stringify(read.body)).not.toContain('/v1/public/exports/');
  });

  it('DSR-5 an access request about nobody the tenant holds is answered that no data is held, on the tenant’s word only', async () => {
    const t = await tenant();
    const email = unique('stranger');
    const created = await newRequest(t, { type: 'access', requester: { email } });
    await verified(t, created.id);
    const unconfirmed = await refused(() => post(t, created.id, 'fulfilment', {}));
    expect(unconfirmed.body.invalidParams).toEqual([expect.objectContaining({ in: 'body', name: 'noDataHeld' })]);
    const done = await post(t, created.id, 'fulfilment', { noDataHeld: true });
    expect(done.body.fulfilment).toEqual({ noDataHeld: true });
    const [answer] = await inboxOf(email);
    expect(answer!.body.text).toContain('We hold no personal data about you.');
  });

  it('DSR-6 erasing a subject deletes its unexpired access export: the link no longer opens it', async () => {
    const t = await tenant();
    const email = unique('export-then-erase');
    const subject = await subjectWithHistory(t);
    const access = await newRequest(t, { type: 'access', requester: { email }, subjectId: subject.id });
    await verified(t, access.id);
    await post(t, access.id, 'fulfilment', {});
    const path = linkIn((await inboxOf(email))[0]!.body.text!)!;
    expect((await openLink(path)).status).toBe(200);
    const erasure = await newRequest(t, { type: 'erasure', requester: { email }, subjectId: subject.id });
    await verified(t, erasure.id);
    expect((await post(t, erasure.id, 'fulfilment', {})).status).toBe(200);
    expect((await openLink(path)).status).toBe(410);
    const ofSubject = (await allItems()).filter((i) => String(i.pk).startsWith(`T#${t.tenantId}#SUBJ#${subject.id}`));
    expect(ofSubject.map((i) => i.sk)).toEqual(['SUBJECT']);
  });

  it('DSR-1 CON-3 consent withdrawal stops mailing for that purpose at once', async () => {
    const t = await tenant();
    const subject = await subjectWithHistory(t);
    const email = unique('unsubscribe');
    const created = await newRequest(t, { type: 'consent-withdrawal', requester: { email }, subjectId: subject.id });
    await verified(t, created.id);
    const done = await post(t, created.id, 'fulfilment', { purpose: 'newsletter' });
    expect(done.body).toMatchObject({ state: 'completed', fulfilment: { purposes: ['newsletter'] } });
    const [answer] = await inboxOf(email);
    expect(answer!.subject).toBe(`Answer to your request (${created.id})`);
    expect(answer!.body.text).toContain('We stopped processing for: newsletter.');
    expect(answer!.body.text).toContain('deleted by the next scheduled purge at the latest');
    const consents = await request(ctx.api, 'GET', `/v1/subjects/${subject.id}/consents`, { token: t.key });
    expect(consents.body.items).toEqual([expect.objectContaining({ purpose: 'newsletter', status: 'withdrawn' })]);
  });

  it('DSR-1 DAT-4 an objection to all processing restricts the subject at once and withdraws its consents', async () => {
    const t = await tenant();
    const subject = await subjectWithHistory(t);
    const email = unique('object');
    const created = await newRequest(t, { type: 'objection', requester: { email }, subjectId: subject.id });
    await verified(t, created.id);
    const done = await post(t, created.id, 'fulfilment', {});
    expect(done.body.fulfilment).toEqual({ purposes: ['newsletter'], changed: ['restriction'] });
    expect((await request(ctx.api, 'GET', `/v1/subjects/${subject.id}`, { token: t.key })).body.restricted).toBe(true);
    const audience = await request(ctx.api, 'GET', '/v1/consents/newsletter/audience', { token: t.key });
    expect(audience.body.items).toEqual([]);
    expect((await inboxOf(email))[0]!.body.text).toContain('We stopped processing for: newsletter.');
  });
});

// Requests sent to the vendor (DSR-8): test/api/privacy-request-intake.test.ts.

describe('deadline reminders (DSR-9)', () => {
  it('DSR-9 the data protection contact is reminded 7 and 2 days before the deadline and when overdue, each once', async () => {
    const t = await tenant();
    const created = await newRequest(t, { type: 'access', requester: { email: unique('remind') } });
    const due = created.dueOn;
    const at = (date: string) => new Date(startOfDay(date).getTime() + 9 * 3_600_000);
    await runPrivacyRequestReminders(at(addDays(due, -8)));
    expect(await inboxOf(t.dpo)).toEqual([]);
    await runPrivacyRequestReminders(at(addDays(due, -7)));
    await runPrivacyRequestReminders(at(addDays(due, -6)));
    await runPrivacyRequestReminders(at(addDays(due, -2)));
    await runPrivacyRequestReminders(at(addDays(due, 1)));
    await runPrivacyRequestReminders(at(addDays(due, 1)));
    const subjects = (await inboxOf(t.dpo)).map((m) => m.subject);
    expect(subjects).toEqual([
      `Privacy request ${created.id} is nearly due`,
      `Privacy request ${created.id} is nearly due`,
      `Privacy request ${created.id} is overdue`,
    ]);
    const overdue = (await inboxOf(t.dpo)).at(-1)!;
    expect(overdue.body.text).toContain(`had to be answered by ${due}`);
    expect(overdue.body.text).not.toMatch(/@example\.org/);
    expect(localDateOf(new Date(created.dueAt))).toBe(addDays(due, 1));
  });

  it('DSR-9 a closed request is reminded of no more', async () => {
    const t = await tenant();
    const created = await newRequest(t, { type: 'access', requester: { email: unique('closed') } });
    await post(t, created.id, 'decline', { ground: 'not-a-data-subject', reason: 'We hold no account for this address.' });
    await runPrivacyRequestReminders(new Date(Date.parse(created.dueAt) + 86_400_000));
    expect(await inboxOf(t.dpo)).toEqual([]);
  });
});
