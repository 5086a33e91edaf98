import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../local/scheduler.ts';
import { deadlineOf } from '../../shared/domain/privacy-requests/deadlines.ts';
import { exportable } from '../../shared/services/exports/contents.ts';
import { allItems, newTenantWithKey, refusedWithoutWrites as refused, request, useApi } from '../support/api.ts';
import { markDeleting } from '../support/deletion.ts';
import { inboxOf } from '../support/inbox.ts';
import { intakeMails, pendingIntake, submitIntake } from '../support/intake.ts';

/**
 * DSR-8 over HTTP on the local platform: the vendor's public form, the confirmation e-mail read
 * back from the local SES, its link followed as a person would (the page, then the button), and
 * what the tenant's data protection contact and the tenant's request list then hold.
 */
const ctx = useApi();

const unique = (who: string) => `${who}.${randomBytes(4).toString('hex')}@example.org`;
const HOUR = 3_600_000;
const HTML = { Accept: 'text/html,application/xhtml+xml', 'Accept-Language': 'en' };

/** A tenant whose data protection contact has its own address, and its admin key. */
async function tenant(language: 'sl' | 'en' = 'en') {
  const dpo = unique('dpo');
  const name = `Intake ${randomBytes(3).toString('hex')} d.o.o.`;
  const t = await newTenantWithKey(ctx.api, ['admin'], {
    name,
    language,
    contacts: { administrator: { name: 'Ana Admin', email: unique('admin') }, dataProtection: { name: 'Dana DPO', email: dpo } },
  });
  return { ...t, dpo, name };
}
type Tenant = Awaited<ReturnType<typeof tenant>>;

const form = (t: { tenantId: string }, email: string, overrides: Record<string, unknown> = {}) => ({
  tenantId: t.tenantId,
  type: 'erasure',
  email,
  message: 'Please delete my newsletter data.',
  ...overrides,
});

const requestsOf = async (t: Tenant) => (await request(ctx.api, 'GET', '/v1/privacy-requests', { token: t.key })).body.items as Record<string, unknown>[];
const intakeItems = async (tenantId: string) => (await allItems()).filter((i) => i.pk === `T#${tenantId}` && String(i.sk).startsWith('INTAKE'));
const referenceOn = (page: string) => /\(reference ([0-9a-z]{26})\)/.exec(page)?.[1];

describe('a form sent to the vendor (DSR-8)', () => {
  it('DSR-8 CON-1 forwards nothing: the sender gets a link in the language asked for, nobody else hears of it, and no request or deadline exists yet', async () => {
    const t = await tenant('en');
    const email = unique('walk-in');
    const before = ctx.api.clock.now().getTime();
    const reply = await submitIntake(ctx.api, form(t, email, { language: 'sl', message: 'Izbrišite moje podatke, prosim. UNIQUE-MESSAGE-TEXT' }));
    expect(reply.status, JSON.stringify(reply.body)).toBe(202);
    expect(reply.body).toEqual({ message: expect.stringContaining('Hvala'), confirmWithinHours: 72 });

    const [mail, ...more] = await intakeMails(email);
    expect(more).toEqual([]);
    expect(mail!.mail.subject).toBe(`Potrdite zahtevo za ${t.name}`);
    expect(mail!.mail.body.text).toContain('izbris osebnih podatkov');
    // The message anyone could have typed is not in our e-mail (the page shows it to the address's owner).
    expect(mail!.mail.body.text).not.toContain('UNIQUE-MESSAGE-TEXT');
    // The link works 72 hours from the form, as its signed expiry says.
    const expires = Number(mail!.token.split('.')[2]) * 1000;
    expect(expires).toBeGreaterThanOrEqual(Math.floor((before + 72 * HOUR) / 1000) * 1000);
    expect(expires).toBeLessThanOrEqual(ctx.api.clock.now().getTime() + 72 * HOUR);

    expect(await inboxOf(t.dpo)).toEqual([]);
    expect(await requestsOf(t)).toEqual([]);
  });

  it('DSR-8 DSR-2 the link opens a page that forwards nothing; its button records the request, received and due from the confirmation, and forwards it to the data protection contact', async () => {
    const t = await tenant();
    const email = unique('confirms');
    const link = await pendingIntake(ctx.api, form(t, email, { message: 'Please delete everything you hold about me.' }));

    // Two days later the person opens the link: the page shows what would go out, and a button.
    ctx.api.clock.set(new Date(ctx.api.clock.now().getTime() + 48 * HOUR));
    const page = await request(ctx.api, 'GET', link.confirm, { headers: HTML });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('Confirm your request');
    expect(page.body).toContain(t.name);
    expect(page.body).toContain('Please delete everything you hold about me.');
    expect(page.body).toContain('<form method="post">');
    expect(await inboxOf(t.dpo)).toEqual([]);
    expect(await requestsOf(t)).toEqual([]);

    const confirmedAt = ctx.api.clock.now().getTime();
    const done = await request(ctx.api, 'POST', link.confirm, { headers: HTML });
    expect(done.status).toBe(200);
    expect(done.body).toContain('Your request was forwarded');
    const reference = referenceOn(done.body)!;
    expect(reference).toBeDefined();

    const read = await request(ctx.api, 'GET', `/v1/privacy-requests/${reference}`, { token: t.key });
    expect(read.body).toMatchObject({ channel: 'vendor-intake', type: 'erasure', state: 'received', requester: { email }, told: { 'forward-to-tenant': expect.any(String) } });
    // DSR-2: received when confirmed (not when the form came), due one calendar month from then.
    const receivedAt = Date.parse(read.body.receivedAt);
    expect(receivedAt).toBeGreaterThanOrEqual(confirmedAt);
    expect(receivedAt).toBeLessThan(confirmedAt + 60_000);
    expect(read.body.dueOn).toBe(deadlineOf(new Date(receivedAt)).dueOn);

    const [forwarded, ...more] = await inboxOf(t.dpo);
    expect(more).toEqual([]);
    expect(forwarded!.subject).toBe(`A person sent Skrbnik a request for erasure of personal data (${reference})`);
    expect(forwarded!.body.text).toContain(email);
    expect(forwarded!.body.text).toContain('Please delete everything you hold about me.');
    expect(forwarded!.body.text).toContain('confirmed through a link we e-mailed to it');
    // The vendor answers the person nothing beyond the confirmation e-mail.
    expect(await inboxOf(email)).toHaveLength(1);
  });

  it('DSR-8 SEC-5 a second click, a reload or a retry forwards nothing more and shows the same page; of two clicks at once one forwards', async () => {
    const t = await tenant();
    const link = await pendingIntake(ctx.api, form(t, unique('twice')));
    const first = await request(ctx.api, 'POST', link.confirm, { headers: HTML });
    const again = await request(ctx.api, 'POST', link.confirm, { headers: HTML });
    const reopened = await request(ctx.api, 'GET', link.confirm, { headers: HTML });
    expect([first.status, again.status, reopened.status]).toEqual([200, 200, 200]);
    const reference = referenceOn(first.body);
    expect(referenceOn(again.body)).toBe(reference);
    expect(referenceOn(reopened.body)).toBe(reference);
    expect(reopened.body).not.toContain('<form');

    const racing = await pendingIntake(ctx.api, form(t, unique('racing'), { type: 'access' }));
    const both = await Promise.all([request(ctx.api, 'POST', racing.confirm), request(ctx.api, 'POST', racing.confirm)]);
    expect(both.some((r) => r.status === 200)).toBe(true);
    // The loser of a race is told the request was confirmed already (or, read after the commit, shown the page).
    for (const r of both.filter((r) => r.status !== 200)) expect([r.status, r.body.type]).toEqual([409, '/problems/link-used']);
    expect(await requestsOf(t)).toHaveLength(2);
    expect(await inboxOf(t.dpo)).toHaveLength(2);
  });

  it('DSR-8 the answer is the same whatever became of the form: new, sent again, past the day\'s e-mails, or an organisation id nobody uses', async () => {
    const t = await tenant();
    const email = unique('same-answer');
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await submitIntake(ctx.api, form(t, email)));
    const beforeUnknown = await allItems();
    const unknownAddress = unique('nobody');
    replies.push(await submitIntake(ctx.api, form({ tenantId: '01jzzzzzzzzzzzzzzzzzzzzzzz' }, unknownAddress)));
    expect((await allItems()).length).toBe(beforeUnknown.length);
    for (const reply of replies) {
      expect(reply.status).toBe(202);
      expect(reply.headers.get('content-type')).toBe('application/json');
      expect(reply.body).toEqual(replies[0]!.body);
    }
    // DSR-8: three confirmation e-mails a day to one address; the fourth form changed nothing.
    expect(await intakeMails(email)).toHaveLength(3);
    expect((await intakeItems(t.tenantId)).filter((i) => i.type === 'privacy-request-intake')).toHaveLength(3);
    expect(await inboxOf(unknownAddress)).toEqual([]);
    expect(await inboxOf(t.dpo)).toEqual([]);

    // A day after the first e-mail, the address may be sent a link again.
    ctx.api.clock.set(new Date(ctx.api.clock.now().getTime() + 24 * HOUR + 60_000));
    expect((await submitIntake(ctx.api, form(t, email))).body).toEqual(replies[0]!.body);
    expect(await intakeMails(email)).toHaveLength(4);
  });

  it('DSR-8 DSR-4 a form sent twice and confirmed twice is one request: forwarded once, and not a repeat; another type is a request of its own', async () => {
    const t = await tenant();
    const email = unique('double-click');
    const first = await pendingIntake(ctx.api, form(t, email, { type: 'access' }));
    const second = await pendingIntake(ctx.api, form(t, email, { type: 'access' }));
    const a = await request(ctx.api, 'POST', first.confirm, { headers: HTML });
    const b = await request(ctx.api, 'POST', second.confirm, { headers: HTML });
    expect(referenceOn(b.body)).toBe(referenceOn(a.body));
    const requests = await requestsOf(t);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.repeatOf).toBeUndefined();
    expect(await inboxOf(t.dpo)).toHaveLength(1);

    const other = await pendingIntake(ctx.api, form(t, email, { type: 'erasure' }));
    const c = await request(ctx.api, 'POST', other.confirm, { headers: HTML });
    expect(referenceOn(c.body)).not.toBe(referenceOn(a.body));
    expect(await requestsOf(t)).toHaveLength(2);
    expect(await inboxOf(t.dpo)).toHaveLength(2);
  });

  it('DSR-8 CON-1 an altered link is refused (404), an expired one too (410) and forwards nothing; a browser gets a page in its language', async () => {
    const t = await tenant();
    const link = await pendingIntake(ctx.api, form(t, unique('refused')));
    const last = link.confirm.at(-1) === 'A' ? 'B' : 'A';
    const altered = `${link.confirm.slice(0, -1)}${last}`;
    const forged = await refused(() => request(ctx.api, 'POST', altered));
    expect([forged.status, forged.headers.get('content-type'), forged.body.type]).toEqual([404, 'application/problem+json', '/problems/not-found']);
    const forgedPage = await request(ctx.api, 'GET', altered, { headers: { ...HTML, 'Accept-Language': 'sl' } });
    expect(forgedPage.status).toBe(404);
    expect(forgedPage.body).toContain('Povezava ni veljavna');

    // A minute before the expiry the link still works; this one is left to run out.
    const late = await pendingIntake(ctx.api, form(t, unique('late'), { type: 'access' }));
    ctx.api.clock.set(new Date(ctx.api.clock.now().getTime() + 72 * HOUR - 60_000));
    expect((await request(ctx.api, 'POST', late.confirm)).status).toBe(200);
    ctx.api.clock.set(new Date(ctx.api.clock.now().getTime() + 2 * 60_000));
    const expired = await refused(() => request(ctx.api, 'POST', link.confirm));
    expect([expired.status, expired.body.type]).toEqual([410, '/problems/link-expired']);
    const expiredPage = await request(ctx.api, 'GET', link.confirm, { headers: HTML });
    expect(expiredPage.status).toBe(410);
    expect(expiredPage.body).toContain('This link has expired');
    // A confirmed link that ran out is told the same: the page cannot tell what was done then.
    expect((await request(ctx.api, 'GET', late.confirm)).status).toBe(410);
    expect(await requestsOf(t)).toHaveLength(1);
    expect(await inboxOf(t.dpo)).toHaveLength(1);
  });
});

describe('what the vendor keeps of a form (DSR-8)', () => {
  it('DSR-8 SEC-6 a pending form holds only what forwarding needs, leaves with its link (TTL), and keeps no address once confirmed; keys name no address', async () => {
    const t = await tenant();
    const email = unique('minimal');
    const link = await pendingIntake(ctx.api, form(t, email));
    const items = await intakeItems(t.tenantId);
    const pending = items.find((i) => i.type === 'privacy-request-intake')!;
    const counter = items.find((i) => i.type === 'privacy-request-intake-mails')!;
    expect(Object.keys(pending).sort()).toEqual(['createdAt', 'email', 'expiresAt', 'id', 'language', 'message', 'pk', 'requestType', 'requesterHmac', 'sk', 'state', 'ttl', 'type'].sort());
    expect(pending.ttl).toBe(Date.parse(pending.expiresAt as string) / 1000);
    expect(Date.parse(pending.expiresAt as string)).toBe(Number(link.token.split('.')[2]) * 1000);
    expect(Object.keys(counter).sort()).toEqual(['count', 'pk', 'since', 'sk', 'ttl', 'type']);
    expect(counter.ttl).toBe(Math.floor(Date.parse(counter.since as string) / 1000) + 24 * 3600);
    const localPart = email.split('@')[0]!;
    for (const item of [pending, counter]) expect(`${item.pk} ${item.sk}`).not.toContain(localPart);
    // Neither is the tenant's data before the confirmation: its export leaves both out.
    expect(exportable(pending)).toBeUndefined();
    expect(exportable(counter)).toBeUndefined();

    await request(ctx.api, 'POST', link.confirm);
    const confirmed = (await intakeItems(t.tenantId)).find((i) => i.type === 'privacy-request-intake')!;
    expect(confirmed).toMatchObject({ state: 'confirmed', requestId: expect.any(String), ttl: pending.ttl });
    expect(confirmed.email).toBeUndefined();
    expect(confirmed.message).toBeUndefined();
  });

  it('DSR-8 DUN-5 a tenant being deleted takes no form (the answer is the same) and its links open nothing; the deletion removes its pending forms', async () => {
    const t = await tenant();
    const link = await pendingIntake(ctx.api, form(t, unique('deleted')));
    const answer = (await submitIntake(ctx.api, form(t, unique('earlier')))).body;
    const now = new Date();
    await markDeleting(t.tenantId, now);
    await runJob('tenant-deletion', now);
    expect(await intakeItems(t.tenantId)).toEqual([]);

    const late = unique('after-deletion');
    const reply = await submitIntake(ctx.api, form(t, late));
    expect([reply.status, reply.body]).toEqual([202, answer]);
    expect(await inboxOf(late)).toEqual([]);
    expect(await intakeItems(t.tenantId)).toEqual([]);
    const opened = await refused(() => request(ctx.api, 'POST', link.confirm));
    expect(opened.status).toBe(404);
    expect(await inboxOf(t.dpo)).toEqual([]);
  });

  it('DSR-8 DSR-6 a public form keeps no idempotency record, whatever key it is sent with', async () => {
    const t = await tenant();
    const publicRecords = async () => (await allItems()).filter((i) => String(i.pk).startsWith('OP#IDEM#'));
    const before = await publicRecords();
    const reply = await request(ctx.api, 'POST', '/v1/public/privacy-requests', { body: form(t, unique('keyed')), headers: { 'Idempotency-Key': 'same-key' } });
    expect(reply.status).toBe(202);
    expect(await publicRecords()).toEqual(before);
  });
});
