import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { confirmedConsent, consentMails, consentRequest, latestConsentMail } from '../support/consents.ts';
import { inboxOf } from '../support/inbox.ts';
import { newSubject } from '../support/subjects.ts';

/**
 * CON-1..3 over HTTP on the local platform: the confirmation e-mail is read back from local SES,
 * its link followed as a person would (the page, then the button), and the audience list checked.
 */
const ctx = useApi();

let key: string;
let tenantId: string;

beforeAll(async () => {
  ({ key, tenantId } = await newTenantWithKey(ctx.api, ['admin'], {
    name: 'Čebelica d.o.o.',
    language: 'sl',
    contacts: {
      administrator: { name: 'Ana Admin', email: 'ana@cebelica.example' },
      dataProtection: { name: 'Dora Varstvo', email: 'dpo@cebelica.example' },
    },
  }));
});

afterEach(() => {
  vi.useRealTimers();
});

/** A subject with its own address, so each test reads its own inbox. */
async function subjectWithEmail(attributes: Record<string, string> = {}) {
  const email = `oseba.${randomBytes(5).toString('hex')}@prejemniki.example`;
  const subject = await newSubject(ctx.api, key, {
    category: 'subscriber',
    endUser: false,
    attributeSets: [{ name: 'contact', purpose: 'Newsletter', legalBasis: 'consent', attributes: { firstName: 'Oseba', email, ...attributes } }],
  });
  return { id: subject.id, email };
}

const purposeOf = (label: string) => `${label}-${randomBytes(3).toString('hex')}`;

async function audience(purpose: string): Promise<string[]> {
  const members: string[] = [];
  let cursor: string | undefined;
  do {
    const reply = await request(ctx.api, 'GET', `/v1/consents/${purpose}/audience?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: key });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    members.push(...reply.body.items.map((i: { subjectId: string }) => i.subjectId));
    cursor = reply.body.nextCursor;
  } while (cursor);
  return members;
}

async function consentOf(subjectId: string, purpose: string) {
  const reply = await request(ctx.api, 'GET', `/v1/subjects/${subjectId}/consents`, { token: key });
  expect(reply.status).toBe(200);
  return reply.body.items.find((c: { purpose: string }) => c.purpose === purpose);
}

/** The table's items of this tenant, to show that a refused link changed nothing. */
async function tenantItems() {
  return (await allItems()).filter((i) => String(i.pk).startsWith(`T#${tenantId}`) && !String(i.pk).includes('#AUDIT#'));
}

const HTML = { Accept: 'text/html,application/xhtml+xml', 'Accept-Language': 'sl-SI,sl;q=0.9' };

describe('double opt-in', () => {
  it("CON-1 a request sends one confirmation e-mail in the tenant's language, from its name, naming the purpose and the controller", async () => {
    const subject = await subjectWithEmail();
    const purpose = purposeOf('novice');
    const reply = await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/consents`, { token: key, body: consentRequest(purpose, { title: 'Mesečne novice' }) });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toMatchObject({ subjectId: subject.id, purpose, status: 'pending', source: 'web-form' });
    // The link goes to the person only: nothing in the response lets the tenant confirm for them.
    expect(JSON.stringify(reply.body)).not.toMatch(/consent-confirmations/);

    const mails = await consentMails(subject.email, subject.id, purpose);
    expect(mails).toHaveLength(1);
    const { mail } = mails[0]!;
    expect(mail.subject).toBe('Potrdite privolitev: Mesečne novice');
    expect(mail.from).toContain('notices@skrbnik.local');
    expect(mail.from).toMatch(/=\?UTF-8\?B\?|Čebelica/);
    expect(mail.body.text).toContain('Čebelica d.o.o. vas prosi, da potrdite svojo privolitev za namen: Mesečne novice.');
    expect(mail.body.text).toContain('Upravljavec vaših osebnih podatkov: Čebelica d.o.o., SI');
    expect(mail.body.text).toContain('Dora Varstvo, dpo@cebelica.example');
    expect(mail.body.text).toContain(consentRequest(purpose).text);
    expect(mail.body.html).toContain(`href="${ctx.api.url}${mails[0]!.confirm}"`);
    const record = await consentOf(subject.id, purpose);
    expect(record.mailSentAt).toEqual(expect.any(String));
  });

  it('CON-1 requesting consent needs an Idempotency-Key, a text or its hash (not both), and an e-mail address; a restricted subject is not written to', async () => {
    const subject = await subjectWithEmail();
    const path = `/v1/subjects/${subject.id}/consents`;
    const noKey = await request(ctx.api, 'POST', path, { token: key, body: consentRequest('news'), withoutIdempotencyKey: true });
    expect(noKey.status).toBe(400);
    expect(noKey.body.invalidParams).toContainEqual(expect.objectContaining({ in: 'header', name: 'Idempotency-Key' }));

    const both = await request(ctx.api, 'POST', path, { token: key, body: consentRequest('news', { textSha256: 'a'.repeat(64) }) });
    expect(both.status).toBe(400);
    expect(both.body.invalidParams).toContainEqual(expect.objectContaining({ name: 'text' }));

    // The title goes into the e-mail's subject: one line, no control characters.
    const twoLines = await request(ctx.api, 'POST', path, { token: key, body: consentRequest('news', { title: 'News\nBcc: all@elsewhere.example' }) });
    expect(twoLines.status).toBe(400);
    expect(twoLines.body.invalidParams).toContainEqual(expect.objectContaining({ in: 'body', name: 'title' }));

    const badPurpose = await request(ctx.api, 'POST', path, { token: key, body: consentRequest('News Letter') });
    expect(badPurpose.status).toBe(400);
    expect(badPurpose.body.invalidParams).toContainEqual(expect.objectContaining({ in: 'body', name: 'purpose' }));

    const future = await request(ctx.api, 'POST', path, { token: key, body: consentRequest('news', { givenAt: '2099-01-01T00:00:00Z' }) });
    expect(future.status).toBe(400);
    expect(future.body.invalidParams).toContainEqual(expect.objectContaining({ name: 'givenAt' }));

    const noEmail = await newSubject(ctx.api, key, {
      attributeSets: [{ name: 'identity', purpose: 'Payroll', legalBasis: 'contract', attributes: { firstName: 'Brez' } }],
    });
    const noAddress = await request(ctx.api, 'POST', `/v1/subjects/${noEmail.id}/consents`, { token: key, body: consentRequest('news') });
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.invalidParams).toContainEqual(expect.objectContaining({ in: 'path', name: 'subjectId' }));

    await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/restriction`, { token: key, body: { reason: 'accuracy contested' } });
    const restricted = await request(ctx.api, 'POST', path, { token: key, body: consentRequest('news') });
    expect(restricted.status).toBe(409);
    expect(await inboxOf(subject.email)).toHaveLength(0);
  });

  it('CON-1 opening the link shows a page with a button and changes nothing; the button confirms', async () => {
    const subject = await subjectWithEmail();
    const purpose = purposeOf('news');
    await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/consents`, { token: key, body: consentRequest(purpose) });
    const links = await latestConsentMail(subject.email, subject.id, purpose);

    const before = await tenantItems();
    const page = await request(ctx.api, 'GET', links.confirm, { headers: HTML });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<form method="post">');
    expect(page.body).toContain('Potrjujem');
    // A mail scanner's prefetch (twice, even) confirms nothing.
    await request(ctx.api, 'GET', links.confirm);
    expect(await tenantItems()).toEqual(before);
    expect((await consentOf(subject.id, purpose)).status).toBe('pending');
    expect(await audience(purpose)).toEqual([]);

    const confirmed = await request(ctx.api, 'POST', links.confirm, { headers: HTML });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toContain('Privolitev je potrjena');
    expect(confirmed.body).toContain('/v1/consent-withdrawals/');
    const record = await consentOf(subject.id, purpose);
    expect(record).toMatchObject({ status: 'confirmed', confirmedAt: expect.any(String) });
    expect(record.expiresAt).toBeUndefined();
    expect(await audience(purpose)).toEqual([subject.id]);
  });

  it('CON-1 a used link is refused — a page for a browser, problem+json for an API client — and changes nothing', async () => {
    const subject = await subjectWithEmail();
    const purpose = purposeOf('news');
    const links = await confirmedConsent(ctx.api, key, subject.id, subject.email, purpose);
    const before = await tenantItems();

    const again = await request(ctx.api, 'POST', links.confirm);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(again.body).toMatchObject({ type: '/problems/link-used', status: 409 });

    const page = await request(ctx.api, 'POST', links.confirm, { headers: HTML });
    expect(page.status).toBe(409);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('Povezava je že uporabljena');
    const opened = await request(ctx.api, 'GET', links.confirm, { headers: HTML });
    expect(opened.status).toBe(409);
    expect(await tenantItems()).toEqual(before);
  });

  it('CON-1 an expired link is refused and changes nothing; the record counts as expired', async () => {
    const subject = await subjectWithEmail();
    const purpose = purposeOf('news');
    const requested = await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/consents`, { token: key, body: consentRequest(purpose) });
    expect(Date.parse(requested.body.expiresAt) - Date.parse(requested.body.requestedAt)).toBe(7 * 86_400_000);
    const links = await latestConsentMail(subject.email, subject.id, purpose);
    const before = await tenantItems();

    // The platform's clock 7 days and a minute on: the same handlers, at a simulated time.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(requested.body.expiresAt) + 60_000 });
    const page = await request(ctx.api, 'GET', links.confirm, { headers: HTML });
    expect(page.status).toBe(410);
    expect(page.body).toContain('Povezava je potekla');
    const confirm = await request(ctx.api, 'POST', links.confirm);
    expect(confirm.status).toBe(410);
    expect(confirm.body).toMatchObject({ type: '/problems/link-expired' });
    expect(await tenantItems()).toEqual(before);
    expect((await consentOf(subject.id, purpose)).status).toBe('expired');
    vi.useRealTimers();

    // A minute before the expiry the same kind of link still works.
    const second = purposeOf('news');
    const fresh = await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/consents`, { token: key, body: consentRequest(second) });
    const freshLinks = await latestConsentMail(subject.email, subject.id, second);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(fresh.body.expiresAt) - 60_000 });
    expect((await request(ctx.api, 'POST', freshLinks.confirm)).status).toBe(200);
  });

  it('CON-1 a link with a changed signature, purpose or subject is refused and changes nothing', async () => {
    const subject = await subjectWithEmail();
    const other = await subjectWithEmail();
    const purpose = purposeOf('news');
    await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/consents`, { token: key, body: consentRequest(purpose) });
    await request(ctx.api, 'POST', `/v1/subjects/${other.id}/consents`, { token: key, body: consentRequest(purpose) });
    const { confirm } = await latestConsentMail(subject.email, subject.id, purpose);
    const before = await tenantItems();
    const last = confirm.at(-1)!;
    const tampered = [
      `${confirm.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`,
      confirm.replace(`.${purpose}.`, `.${purpose}x.`),
      confirm.replace(`.${subject.id}.`, `.${other.id}.`),
    ];
    for (const path of tampered) {
      const reply = await request(ctx.api, 'POST', path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).toMatchObject({ type: '/problems/not-found' });
      const page = await request(ctx.api, 'GET', path, { headers: HTML });
      expect(page.status).toBe(404);
      expect(page.body).toContain('Povezava ni veljavna');
    }
    const malformed = await request(ctx.api, 'POST', '/v1/consent-confirmations/not-a-token');
    expect(malformed.status).toBe(400);
    expect(malformed.body.invalidParams).toContainEqual(expect.objectContaining({ in: 'path', name: 'token' }));
    expect(await tenantItems()).toEqual(before);
    expect((await consentOf(subject.id, purpose)).status).toBe('pending');
  });

  it('CON-1 asking again sends a new link that replaces the earlier one', async () => {
    const subject = await subjectWithEmail();
    const purpose = purposeOf('news');
    await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/consents`, { token: key, body: consentRequest(purpose) });
    await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/consents`, { token: key, body: consentRequest(purpose) });
    const [first, second] = await consentMails(subject.email, subject.id, purpose);
    expect((await request(ctx.api, 'POST', first!.confirm)).status).toBe(409);
    expect((await request(ctx.api, 'POST', second!.confirm)).status).toBe(200);
    // Confirmed stands until withdrawn: it is not asked for again.
    const again = await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/consents`, { token: key, body: consentRequest(purpose) });
    expect(again.status).toBe(400);
    expect(again.body.invalidParams).toContainEqual(expect.objectContaining({ name: 'purpose' }));
  });
});

describe('the audience list', () => {
  it('CON-1 holds only subjects with a confirmed, unwithdrawn consent, not restricted, at the address that confirmed', async () => {
    const purpose = purposeOf('news');
    const confirmed = await subjectWithEmail();
    const pending = await subjectWithEmail();
    const withdrawn = await subjectWithEmail();
    const restricted = await subjectWithEmail();
    const moved = await subjectWithEmail();
    const erased = await subjectWithEmail();
    for (const s of [confirmed, withdrawn, restricted, moved, erased]) await confirmedConsent(ctx.api, key, s.id, s.email, purpose);
    await request(ctx.api, 'POST', `/v1/subjects/${pending.id}/consents`, { token: key, body: consentRequest(purpose) });
    expect((await audience(purpose)).sort()).toEqual([confirmed.id, withdrawn.id, restricted.id, moved.id, erased.id].sort());

    expect((await request(ctx.api, 'POST', `/v1/subjects/${withdrawn.id}/consents/${purpose}/withdrawal`, { token: key })).status).toBe(200);
    expect((await request(ctx.api, 'POST', `/v1/subjects/${restricted.id}/restriction`, { token: key, body: { reason: 'objection pending' } })).status).toBe(200);
    const current = await request(ctx.api, 'GET', `/v1/subjects/${moved.id}`, { token: key });
    const rectified = await request(ctx.api, 'PATCH', `/v1/subjects/${moved.id}`, {
      token: key,
      headers: { 'If-Match': `"${current.body.version}"` },
      body: { attributeSets: [{ name: 'contact', purpose: 'Newsletter', legalBasis: 'consent', attributes: { email: `new.${moved.email}` } }] },
    });
    expect(rectified.status).toBe(200);
    expect((await request(ctx.api, 'DELETE', `/v1/subjects/${erased.id}`, { token: key })).status).toBe(200);

    const page = await request(ctx.api, 'GET', `/v1/consents/${purpose}/audience?limit=100`, { token: key });
    expect(page.body.items).toEqual([
      { subjectId: confirmed.id, email: confirmed.email, confirmedAt: expect.any(String), textVersion: '2026-01', withdrawUrl: expect.stringMatching(/\/v1\/consent-withdrawals\//) },
    ]);
  });

  it('CON-3 a withdrawal drops the subject from the audience at once: by the tenant, or by the person through the link', async () => {
    const purpose = purposeOf('news');
    const byTenant = await subjectWithEmail();
    const byPerson = await subjectWithEmail();
    await confirmedConsent(ctx.api, key, byTenant.id, byTenant.email, purpose);
    const links = await confirmedConsent(ctx.api, key, byPerson.id, byPerson.email, purpose);
    expect((await audience(purpose)).sort()).toEqual([byTenant.id, byPerson.id].sort());

    const withdrawn = await request(ctx.api, 'POST', `/v1/subjects/${byTenant.id}/consents/${purpose}/withdrawal`, { token: key });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawalSource: 'tenant', withdrawnAt: expect.any(String) });
    expect(await audience(purpose)).toEqual([byPerson.id]);

    const page = await request(ctx.api, 'GET', links.withdraw, { headers: HTML });
    expect(page.body).toContain('Prekliči privolitev');
    expect(await audience(purpose)).toEqual([byPerson.id]);
    const done = await request(ctx.api, 'POST', links.withdraw, { headers: HTML });
    expect(done.status).toBe(200);
    expect(done.body).toContain('Privolitev je preklicana');
    expect(await audience(purpose)).toEqual([]);
    expect(await consentOf(byPerson.id, purpose)).toMatchObject({ status: 'withdrawn', withdrawalSource: 'data-subject' });
    // The withdrawal link works again without changing anything.
    const before = await tenantItems();
    expect((await request(ctx.api, 'POST', links.withdraw)).status).toBe(200);
    expect(await tenantItems()).toEqual(before);
  });

  it('CON-1 an unknown purpose is a 404; a purpose of another tenant is unknown here', async () => {
    expect((await request(ctx.api, 'GET', '/v1/consents/never-asked/audience', { token: key })).status).toBe(404);
    const other = await newTenantWithKey(ctx.api);
    const subject = await subjectWithEmail();
    const purpose = purposeOf('news');
    await confirmedConsent(ctx.api, key, subject.id, subject.email, purpose);
    expect((await request(ctx.api, 'GET', `/v1/consents/${purpose}/audience`, { token: other.key })).status).toBe(404);
  });
});

describe('the consent record', () => {
  it('CON-2 keeps purpose, text version and hash, source, times, confirmation and withdrawal; a new request after withdrawal keeps the history', async () => {
    const subject = await subjectWithEmail();
    const purpose = purposeOf('news');
    const text = consentRequest(purpose).text;
    await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/consents`, {
      token: key,
      body: consentRequest(purpose, { source: 'paper', givenAt: '2026-01-05T10:00:00+01:00' }),
    });
    const first = await latestConsentMail(subject.email, subject.id, purpose);
    await request(ctx.api, 'POST', first.confirm);
    await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/consents/${purpose}/withdrawal`, { token: key });
    const sha256 = 'b'.repeat(64);
    const again = await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/consents`, {
      token: key,
      body: { ...consentRequest(purpose, { textVersion: '2026-02', source: 'api' }), text: undefined, textSha256: sha256 },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const mail = await latestConsentMail(subject.email, subject.id, purpose);
    expect(mail.mail.body.text).toContain('različice 2026-02');

    const record = await consentOf(subject.id, purpose);
    expect(record).toMatchObject({ purpose, status: 'pending', text: { version: '2026-02', sha256 }, source: 'api' });
    expect(record.history.map((e: { event: string; status: string }) => `${e.event}:${e.status}`)).toEqual([
      'request:pending',
      'confirm:confirmed',
      'withdraw:withdrawn',
      'request:pending',
    ]);
    expect(record.history[0]).toMatchObject({
      text: { version: '2026-01', sha256: createHash('sha256').update(text).digest('hex') },
      source: 'paper',
      givenAt: '2026-01-05T09:00:00.000Z',
      expiresAt: expect.any(String),
    });
    expect(record.history[1]).toMatchObject({ actor: 'data-subject' });
    expect(record.history[2]).toMatchObject({ withdrawalSource: 'tenant', actor: expect.stringMatching(/^key:/) });
  });

  it('CON-2 AUD-1 every create and change of a consent is audited by field name, never by value', async () => {
    const subject = await subjectWithEmail();
    const purpose = purposeOf('news');
    const links = await confirmedConsent(ctx.api, key, subject.id, subject.email, purpose);
    await request(ctx.api, 'POST', links.withdraw);
    const trail = await request(ctx.api, 'GET', '/v1/audit?entity=consent&limit=100', { token: key });
    const mine = trail.body.items.filter((e: { entityId: string }) => e.entityId === `${subject.id}#${purpose}`);
    expect(mine.map((e: { action: string; fields: string[] }) => [e.action, e.fields])).toEqual([
      ['update', ['status', 'withdrawnAt', 'withdrawalSource']],
      ['update', ['status', 'confirmedAt']],
      ['create', ['purpose', 'title', 'text', 'source', 'givenAt', 'status', 'expiresAt']],
    ]);
    expect(JSON.stringify(mine)).not.toContain(subject.email);
  });
});
