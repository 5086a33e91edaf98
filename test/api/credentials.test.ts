import { describe, expect, it } from 'vitest';
import { MAX_CREDENTIALS_PER_SUBJECT, MAX_FAILED_CHECKS } from '../../shared/domain/credential.ts';
import { runExports } from '../../shared/services/exports/exports-job.ts';
import { objectKeys } from '../../shared/services/exports/objects.ts';
import { keys } from '../../shared/store/keys.ts';
import { runJob } from '../../local/scheduler.ts';
import { allItems, newTenantWithKey, refusedWithoutWrites, request, useApi } from '../support/api.ts';
import type { Reply } from '../support/api.ts';
import { markDeleting } from '../support/deletion.ts';
import { UNLIMITED, bucketKeys, linesOf, objectBytes, unzip } from '../support/exports.ts';
import { newSubject, subjectInput } from '../support/subjects.ts';

const ctx = useApi();

/** Eight digits: long enough that it cannot turn up by chance in an id, a time or a hash. */
const PIN = '73905182';
const PASSWORD = 'Correct Horse Battery Staple 9!';

type Item = Record<string, unknown>;

const credentialPath = (subjectId: string, name = 'till-pin') => `/v1/subjects/${subjectId}/credentials/${name}`;
const setPin = (key: string, subjectId: string, value = PIN, name = 'till-pin', headers: Record<string, string> = {}) =>
  request(ctx.api, 'POST', credentialPath(subjectId, name), { token: key, body: { kind: 'pin', value }, headers });
const check = (key: string, subjectId: string, value: string, name = 'till-pin') =>
  request(ctx.api, 'POST', `${credentialPath(subjectId, name)}/check`, { token: key, body: { value } });
const credentials = async (key: string, subjectId: string) => (await request(ctx.api, 'GET', `/v1/subjects/${subjectId}/credentials`, { token: key })).body.items as Item[];

/** Every item of a tenant (its own partitions, never another tenant's that merely starts alike). */
async function itemsOf(tenantId: string): Promise<Item[]> {
  return (await allItems()).filter((i) => i.pk === `T#${tenantId}` || String(i.pk).startsWith(`T#${tenantId}#`));
}

const credentialItems = async (tenantId: string) => (await itemsOf(tenantId)).filter((i) => String(i.sk).startsWith('CREDENTIAL#'));

function expectProblem(reply: Reply, status: number, type: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/problem+json');
  expect(reply.body).toMatchObject({ type, status });
}

async function tenantWithSubject(scopes = ['admin']) {
  const tenant = await newTenantWithKey(ctx.api, scopes);
  const subject = await newSubject(ctx.api, tenant.key, { category: 'cashier' });
  return { ...tenant, subjectId: subject.id };
}

describe('setting a credential (DAT-9)', () => {
  it('DAT-9 a PIN is kept only as a slow salted hash: neither the answer, the stored items, the audit trail nor the subject, its versions and history hold its value', async () => {
    const t = await tenantWithSubject();
    const before = ctx.api.clock.now().getTime();
    const set = await setPin(t.key, t.subjectId);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toEqual({ subjectId: t.subjectId, name: 'till-pin', kind: 'pin', setAt: expect.any(String), setBy: `key:${t.keyId}`, failedChecks: 0, locked: false });
    expect(Date.parse(set.body.setAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(set.body.setAt)).toBeLessThanOrEqual(ctx.api.clock.now().getTime());

    // The stored item: an scrypt hash with its parameters and salt, no value.
    const [item, ...more] = await credentialItems(t.tenantId);
    expect(more).toEqual([]);
    expect(item).toMatchObject({ pk: keys.subjectPartition(t.tenantId, t.subjectId), sk: 'CREDENTIAL#till-pin', type: 'subject-credential', kind: 'pin', failedChecks: 0 });
    expect(item!.hash).toMatch(/^\$scrypt\$ln=15,r=8,p=3,k=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    // Salted: the same PIN for another subject hashes differently.
    const other = await newSubject(ctx.api, t.key, { category: 'cashier' });
    expect((await setPin(t.key, other.id)).status).toBe(200);
    const hashes = (await credentialItems(t.tenantId)).map((i) => i.hash);
    expect(new Set(hashes).size).toBe(2);

    // Nothing the tenant can read back holds the value: the subject, its history, as it was, the audit trail.
    const reads = [
      await request(ctx.api, 'GET', `/v1/subjects/${t.subjectId}`, { token: t.key }),
      await request(ctx.api, 'GET', `/v1/subjects/${t.subjectId}?asOf=${encodeURIComponent(new Date().toISOString())}`, { token: t.key }),
      await request(ctx.api, 'GET', `/v1/subjects/${t.subjectId}/history`, { token: t.key }),
      await request(ctx.api, 'GET', `/v1/subjects/${t.subjectId}/credentials`, { token: t.key }),
      await request(ctx.api, 'GET', '/v1/audit?entity=subject-credential', { token: t.key }),
    ];
    for (const reply of reads) {
      expect(reply.status).toBe(200);
      expect(JSON.stringify(reply.body)).not.toContain(PIN);
      expect(JSON.stringify(reply.body)).not.toContain(item!.hash as string);
    }
    // Setting a credential is no new version of the record.
    expect(reads[2]!.body.items).toHaveLength(1);
    expect(reads[3]!.body.items).toEqual([set.body]);
    // Changes are audited by name (reads of the list go through the read-audit queue, and may or may not be written yet).
    expect(reads[4]!.body.items.filter((e: Item) => e.action !== 'read').map((e: Item) => [e.action, e.entityId, e.fields])).toEqual([
      ['create', other.id, ['credentials.till-pin']],
      ['create', t.subjectId, ['credentials.till-pin']],
    ]);
    expect(JSON.stringify(await itemsOf(t.tenantId))).not.toContain(PIN);
  });

  it('DAT-9 a body with a credential keeps no idempotency record (whose body fingerprint would give a short PIN away): a retry sets it again', async () => {
    const t = await tenantWithSubject();
    const first = await setPin(t.key, t.subjectId, PIN, 'till-pin', { 'Idempotency-Key': 'set-pin-1' });
    const [hashBefore] = (await credentialItems(t.tenantId)).map((i) => i.hash);
    const retry = await setPin(t.key, t.subjectId, PIN, 'till-pin', { 'Idempotency-Key': 'set-pin-1' });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    const [hashAfter] = (await credentialItems(t.tenantId)).map((i) => i.hash);
    expect(hashAfter).not.toBe(hashBefore);
    const checked = await request(ctx.api, 'POST', `${credentialPath(t.subjectId)}/check`, { token: t.key, body: { value: PIN }, headers: { 'Idempotency-Key': 'check-1' } });
    expect(checked.body).toEqual({ match: true, checksLeft: MAX_FAILED_CHECKS });
    expect((await itemsOf(t.tenantId)).filter((i) => i.type === 'idempotency')).toEqual([]);
  });

  it('DAT-9 a password is checked in Unicode NFKC: the same word typed composed or decomposed matches', async () => {
    const t = await tenantWithSubject();
    const set = await request(ctx.api, 'POST', credentialPath(t.subjectId, 'web-password'), { token: t.key, body: { kind: 'password', value: `Čebelica ${PASSWORD}` } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect((await check(t.key, t.subjectId, `C\u030cebelica ${PASSWORD}`, 'web-password')).body.match).toBe(true);
    expect((await check(t.key, t.subjectId, `cebelica ${PASSWORD}`, 'web-password')).body.match).toBe(false);
    expect(JSON.stringify(await itemsOf(t.tenantId))).not.toContain(PASSWORD);
  });
});

describe('checking a credential (DAT-9)', () => {
  it(`DAT-9 a check answers match or no match; ${MAX_FAILED_CHECKS} failures in a row lock it (423 problem+json, even for the right PIN, writing nothing) until a new value is set`, async () => {
    const t = await tenantWithSubject();
    await setPin(t.key, t.subjectId, '2580');
    expect((await check(t.key, t.subjectId, '2580')).body).toEqual({ match: true, checksLeft: MAX_FAILED_CHECKS });
    // Failures in a row count down; a match starts the count again.
    for (let i = 1; i < MAX_FAILED_CHECKS; i++) expect((await check(t.key, t.subjectId, '0000')).body).toEqual({ match: false, checksLeft: MAX_FAILED_CHECKS - i });
    expect((await credentials(t.key, t.subjectId))[0]).toMatchObject({ failedChecks: MAX_FAILED_CHECKS - 1, locked: false, lastFailedCheckAt: expect.any(String) });
    expect((await check(t.key, t.subjectId, '2580')).body.match).toBe(true);
    expect((await credentials(t.key, t.subjectId))[0]).toMatchObject({ failedChecks: 0, locked: false });
    expect((await credentials(t.key, t.subjectId))[0]).not.toHaveProperty('lastFailedCheckAt');

    for (let i = 1; i <= MAX_FAILED_CHECKS; i++) expect((await check(t.key, t.subjectId, `${1000 + i}`)).body).toEqual({ match: false, checksLeft: MAX_FAILED_CHECKS - i });
    expect((await credentials(t.key, t.subjectId))[0]).toMatchObject({ failedChecks: MAX_FAILED_CHECKS, locked: true });
    const refused = await refusedWithoutWrites(() => check(t.key, t.subjectId, '2580'));
    expectProblem(refused, 423, '/problems/credential-locked');
    expect(refused.body.detail).toContain('set a new value');
    expect(JSON.stringify(refused.body)).not.toContain('2580');

    // A new value unlocks it.
    expect((await setPin(t.key, t.subjectId, '4096')).body).toMatchObject({ failedChecks: 0, locked: false });
    expect((await check(t.key, t.subjectId, '4096')).body.match).toBe(true);
    expect((await check(t.key, t.subjectId, '2580')).body.match).toBe(false);
    // Each check is a read of the subject's credential in the audit trail.
    await ctx.auditQueue.drain();
    const reads = (await itemsOf(t.tenantId)).filter((i) => i.type === 'audit' && i.entity === 'subject-credential' && i.action === 'read');
    expect(reads.length).toBe(1 + (MAX_FAILED_CHECKS - 1) + 1 + MAX_FAILED_CHECKS + 2 + 4);
  });

  it(`DAT-9 a burst of concurrent wrong guesses gets no more than ${MAX_FAILED_CHECKS} answers: the rest is locked out, and so is the right PIN after it`, async () => {
    const t = await tenantWithSubject();
    await setPin(t.key, t.subjectId, '7777');
    const guesses = Array.from({ length: 12 }, (_, i) => String(1000 + i));
    const replies = await Promise.all(guesses.map((g) => check(t.key, t.subjectId, g)));
    const answered = replies.filter((r) => r.status === 200);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.length).toBeLessThanOrEqual(MAX_FAILED_CHECKS);
    expect(answered.every((r) => r.body.match === false)).toBe(true);
    for (const reply of replies.filter((r) => r.status !== 200)) expect([409, 423], JSON.stringify(reply.body)).toContain(reply.status);
    const [stored] = await credentialItems(t.tenantId);
    expect(stored!.failedChecks).toBe(answered.length);
    // Whoever keeps guessing meets the lock, even with the right PIN.
    for (let i = answered.length; i < MAX_FAILED_CHECKS; i++) expect((await check(t.key, t.subjectId, '0001')).status).toBe(200);
    expectProblem(await check(t.key, t.subjectId, '7777'), 423, '/problems/credential-locked');
  });

  it('DAT-9 a capture key (a till) may check a credential but not list, set or clear one', async () => {
    const t = await tenantWithSubject(['admin']);
    await setPin(t.key, t.subjectId);
    const till = await request(ctx.api, 'POST', '/v1/api-keys', { token: t.key, body: { name: 'till 1', scopes: ['capture'] } });
    expect(till.status).toBe(201);
    const tillKey = till.body.secret as string;
    expect((await check(tillKey, t.subjectId, PIN)).body).toEqual({ match: true, checksLeft: MAX_FAILED_CHECKS });
    expectProblem(await setPin(tillKey, t.subjectId, '1111'), 403, '/problems/forbidden');
    expectProblem(await request(ctx.api, 'GET', `/v1/subjects/${t.subjectId}/credentials`, { token: tillKey }), 403, '/problems/forbidden');
    expectProblem(await request(ctx.api, 'DELETE', credentialPath(t.subjectId), { token: tillKey }), 403, '/problems/forbidden');
  });

  it('DAT-9 DAT-4 a restricted subject’s credential is not checked (409, nothing written) but may be cleared', async () => {
    const t = await tenantWithSubject();
    await setPin(t.key, t.subjectId);
    expect((await request(ctx.api, 'POST', `/v1/subjects/${t.subjectId}/restriction`, { token: t.key, body: { reason: 'accuracy contested' } })).status).toBe(200);
    expectProblem(await refusedWithoutWrites(() => check(t.key, t.subjectId, PIN)), 409, '/problems/subject-restricted');
    const cleared = await request(ctx.api, 'DELETE', credentialPath(t.subjectId), { token: t.key });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(await credentialItems(t.tenantId)).toEqual([]);
  });

  it('DAT-9 an unknown credential is a 404 and the check writes nothing', async () => {
    const t = await tenantWithSubject();
    expectProblem(await refusedWithoutWrites(() => check(t.key, t.subjectId, PIN, 'no-such')), 404, '/problems/not-found');
  });
});

describe('clearing and erasing (DAT-9)', () => {
  it('DAT-9 AUD-1 clearing deletes the hash, is audited by name, and the credential no longer checks', async () => {
    const t = await tenantWithSubject();
    await setPin(t.key, t.subjectId);
    const cleared = await request(ctx.api, 'DELETE', credentialPath(t.subjectId), { token: t.key });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body).toEqual({ subjectId: t.subjectId, name: 'till-pin', clearedAt: expect.any(String) });
    expect(await credentialItems(t.tenantId)).toEqual([]);
    expect(await credentials(t.key, t.subjectId)).toEqual([]);
    expectProblem(await check(t.key, t.subjectId, PIN), 404, '/problems/not-found');
    expectProblem(await request(ctx.api, 'DELETE', credentialPath(t.subjectId), { token: t.key }), 404, '/problems/not-found');
    const audit = await request(ctx.api, 'GET', '/v1/audit?entity=subject-credential', { token: t.key });
    expect(audit.body.items.filter((e: Item) => e.action !== 'read').map((e: Item) => [e.action, e.fields])).toEqual([
      ['delete', ['credentials.till-pin']],
      ['create', ['credentials.till-pin']],
    ]);
  });

  it('DAT-9 DSR-6 erasing the subject deletes its credentials with it; a check then answers 410', async () => {
    const t = await tenantWithSubject();
    await setPin(t.key, t.subjectId);
    await request(ctx.api, 'POST', credentialPath(t.subjectId, 'web-password'), { token: t.key, body: { kind: 'password', value: PASSWORD } });
    expect(await credentialItems(t.tenantId)).toHaveLength(2);
    const erased = await request(ctx.api, 'DELETE', `/v1/subjects/${t.subjectId}`, { token: t.key });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(await credentialItems(t.tenantId)).toEqual([]);
    expectProblem(await check(t.key, t.subjectId, PIN), 410, '/problems/gone');
    expectProblem(await setPin(t.key, t.subjectId), 410, '/problems/gone');
  });

  it('DAT-9 DUN-5 a tenant deletion deletes its subjects’ credentials', async () => {
    const t = await tenantWithSubject();
    await setPin(t.key, t.subjectId);
    expect(await credentialItems(t.tenantId)).toHaveLength(1);
    const now = new Date();
    await markDeleting(t.tenantId, now);
    const summary = await runJob('tenant-deletion', now);
    expect(summary).toMatchObject({ tenantsFinished: 1, tenantsFailed: 0 });
    expect(await credentialItems(t.tenantId)).toEqual([]);
  });
});

describe('exports (DAT-9)', () => {
  it('DAT-9 EXP-1 a full export shows that a credential is set and when, never its value or hash', async () => {
    const t = await tenantWithSubject();
    await setPin(t.key, t.subjectId);
    const [stored] = await credentialItems(t.tenantId);
    const requested = await request(ctx.api, 'POST', '/v1/exports', { token: t.key });
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    expect(await runExports(new Date(), UNLIMITED)).toMatchObject({ errors: 0 });
    const download = await request(ctx.api, 'GET', `/v1/exports/${requested.body.id}/download`, { token: t.key });
    expect(download.status, JSON.stringify(download.body)).toBe(303);
    const archive = unzip(Buffer.from(await (await fetch(download.headers.get('location')!)).arrayBuffer()));
    expect(linesOf(archive.get('subject-credential.ndjson'))).toEqual([
      { type: 'subject-credential', subjectId: t.subjectId, name: 'till-pin', kind: 'pin', setAt: stored!.setAt, setBy: `key:${t.keyId}`, failedChecks: 0 },
    ]);
    const everything = [...archive.values()].map((file) => file.toString('utf8')).join('\n');
    expect(everything).not.toContain(PIN);
    expect(everything).not.toContain(stored!.hash as string);
  });

  it('DAT-9 DSR-5 a data subject’s access export shows its credential by name and date, never its value or hash', async () => {
    const t = await tenantWithSubject();
    await setPin(t.key, t.subjectId);
    const [stored] = await credentialItems(t.tenantId);
    const created = await request(ctx.api, 'POST', '/v1/privacy-requests', {
      token: t.key,
      body: { type: 'access', channel: 'email', requester: { email: `cashier.${t.subjectId}@example.org` }, subjectId: t.subjectId },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const verified = await request(ctx.api, 'POST', `/v1/privacy-requests/${created.body.id}/verification`, { token: t.key, body: { method: 'existing-account', result: 'verified' } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const done = await request(ctx.api, 'POST', `/v1/privacy-requests/${created.body.id}/fulfilment`, { token: t.key, body: {} });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const [objectKey] = await bucketKeys(objectKeys.subjectPrefix(t.tenantId, t.subjectId));
    const text = (await objectBytes(objectKey!)).toString('utf8');
    const document = JSON.parse(text);
    expect(document.other['subject-credential']).toEqual([
      { type: 'subject-credential', subjectId: t.subjectId, name: 'till-pin', kind: 'pin', setAt: stored!.setAt, setBy: `key:${t.keyId}`, failedChecks: 0 },
    ]);
    expect(text).not.toContain(PIN);
    expect(text).not.toContain(stored!.hash as string);
  });
});

describe('bad input (DAT-9)', () => {
  it.each([
    ['an attribute named pin', { attributes: { firstName: 'Ana', pin: '1234' } }, 'attributeSets.0.attributes.pin'],
    ['a camel-case password', { attributes: { cashierPassword: 'hunter22' } }, 'attributeSets.0.attributes.cashierPassword'],
    ['a Slovenian geslo', { attributes: { geslo: 'skrivnost' } }, 'attributeSets.0.attributes.geslo'],
    ['a POS passcode', { attributes: { pos_passcode: '9911' } }, 'attributeSets.0.attributes.pos_passcode'],
    ['a set named for PINs', { name: 'pins', attributes: { till: '4321' } }, 'attributeSets.0.name'],
  ])('DAT-9 %s in an attribute set is refused with a 400 naming the field and the credentials route, and nothing is written', async (_case, change, field) => {
    const t = await tenantWithSubject();
    const set = { ...subjectInput().attributeSets[0]!, ...change };
    const created = await refusedWithoutWrites(() => request(ctx.api, 'POST', '/v1/subjects', { token: t.key, body: subjectInput({ attributeSets: [set] }) }));
    expectProblem(created, 400, '/problems/invalid-request');
    expect(created.body.invalidParams).toEqual([{ in: 'body', name: field, reason: expect.stringContaining('/v1/subjects/{subjectId}/credentials/{name}') }]);
    const rectified = await refusedWithoutWrites(() =>
      request(ctx.api, 'PATCH', `/v1/subjects/${t.subjectId}`, { token: t.key, headers: { 'If-Match': '"1"' }, body: { attributeSets: [set] } }),
    );
    expectProblem(rectified, 400, '/problems/invalid-request');
    expect(rectified.body.invalidParams).toEqual([expect.objectContaining({ name: field })]);
    for (const reply of [created, rectified]) for (const value of Object.values(change.attributes)) expect(JSON.stringify(reply.body)).not.toContain(value);
  });

  it('DAT-9 names that merely look alike are kept: pinned, spinId, passport, secretary, otpremnica', async () => {
    const t = await tenantWithSubject();
    const set = { ...subjectInput().attributeSets[0]!, attributes: { pinned: true, spinId: 'x', passportNumber: 'P123', secretary: 'Mojca', otpremnica: 'D-1' } };
    const created = await request(ctx.api, 'POST', '/v1/subjects', { token: t.key, body: subjectInput({ attributeSets: [set] }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  it.each([
    ['a PIN of three digits', { kind: 'pin', value: '123' }, 'value'],
    ['a PIN of thirteen digits', { kind: 'pin', value: '1234567890123' }, 'value'],
    ['a PIN with a letter', { kind: 'pin', value: '12a4' }, 'value'],
    ['a PIN as a number', { kind: 'pin', value: 1234 }, 'value'],
    ['a password of seven characters', { kind: 'password', value: 'hunter2' }, 'value'],
    ['a password of 129 characters', { kind: 'password', value: 'x'.repeat(129) }, 'value'],
    ['an unknown kind', { kind: 'fingerprint', value: '12345678' }, 'kind'],
    ['an extra field', { kind: 'pin', value: '1234', hint: 'birthday' }, 'body'],
  ])('DAT-9 %s is refused at the edge with a 400 naming the field, never the value, and nothing is written', async (_case, body, field) => {
    const t = await tenantWithSubject();
    const reply = await refusedWithoutWrites(() => request(ctx.api, 'POST', credentialPath(t.subjectId), { token: t.key, body }));
    expectProblem(reply, 400, '/problems/invalid-request');
    expect(reply.body.invalidParams).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'body', name: field })]));
    expect(JSON.stringify(reply.body)).not.toContain(String(body.value));
  });

  it('DAT-9 a credential name is lower-case letters, digits and dashes (400 naming the path field), and a check value at most 128 characters', async () => {
    const t = await tenantWithSubject();
    for (const name of ['Till-PIN', '1pin', 'a'.repeat(41), 'till_pin']) {
      const reply = await refusedWithoutWrites(() => setPin(t.key, t.subjectId, '1234', encodeURIComponent(name)));
      expectProblem(reply, 400, '/problems/invalid-request');
      expect(reply.body.invalidParams).toEqual([expect.objectContaining({ in: 'path', name: 'name' })]);
    }
    await setPin(t.key, t.subjectId);
    const tooLong = await refusedWithoutWrites(() => check(t.key, t.subjectId, '1'.repeat(129)));
    expectProblem(tooLong, 400, '/problems/invalid-request');
    expect(tooLong.body.invalidParams).toEqual([expect.objectContaining({ in: 'body', name: 'value' })]);
    expect((await credentials(t.key, t.subjectId))[0]).toMatchObject({ failedChecks: 0 });
  });

  it(`DAT-9 a subject has at most ${MAX_CREDENTIALS_PER_SUBJECT} credentials: one more is a 400 naming the name and writes nothing; replacing one is fine`, async () => {
    const t = await tenantWithSubject();
    for (let i = 1; i <= MAX_CREDENTIALS_PER_SUBJECT; i++) expect((await setPin(t.key, t.subjectId, PIN, `pin-${i}`)).status).toBe(200);
    const refused = await refusedWithoutWrites(() => setPin(t.key, t.subjectId, PIN, 'one-more'));
    expectProblem(refused, 400, '/problems/invalid-request');
    expect(refused.body.invalidParams).toEqual([{ in: 'path', name: 'name', reason: expect.stringContaining(`at most ${MAX_CREDENTIALS_PER_SUBJECT}`) }]);
    expect((await setPin(t.key, t.subjectId, '9999', 'pin-1')).status).toBe(200);
    expect(await credentialItems(t.tenantId)).toHaveLength(MAX_CREDENTIALS_PER_SUBJECT);
  });
});
