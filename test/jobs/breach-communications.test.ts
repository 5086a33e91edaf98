import { randomBytes } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { readInbox } from '../../local/ses.ts';
import type { StoredEmail } from '../../local/ses.ts';
import { runJob } from '../../local/scheduler.ts';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { runtime } from '../../shared/config/runtime.ts';
import { RESERVE_MS } from '../../shared/services/breach-communications/sending.ts';
import { keys } from '../../shared/store/keys.ts';
import { allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import type { Reply } from '../support/api.ts';
import { breachCommunicationInput, incidentAffecting } from '../support/breach-communications.ts';

const ctx = useApi();

/** Fast enough for a test, slow enough that the pace shows: 500 messages take at least 2.5 s. */
const RATE = 200;
process.env.SES_SEND_RATE = String(RATE);

function expectStatus(reply: Reply, status: number) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  return reply.body;
}

/** A tenant with `count` subjects, each with its own address; every third speaks Slovenian. */
async function tenantWithSubjects(count: number, language: 'sl' | 'en' = 'en') {
  const unique = randomBytes(4).toString('hex');
  const t = await newTenantWithKey(ctx.api, ['admin'], {
    name: `Ščit ${unique} d.o.o.`,
    language,
    contacts: {
      administrator: { name: 'Ana Admin', email: `admin-${unique}@tenant.example` },
      dataProtection: { name: 'Dora DPO', email: `dpo-${unique}@tenant.example` },
    },
  });
  const subjects: { id: string; email: string; language: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const email = `s${i}-${unique}@subjects.example`;
      const lang = i % 3 === 0 ? 'sl' : 'en';
      const reply = await request(ctx.api, 'POST', '/v1/subjects', {
        token: t.key,
        body: {
          category: i % 2 === 0 ? 'employee' : 'customer',
          attributeSets: [{ name: 'contact', purpose: 'Payroll', legalBasis: 'contract', attributes: { firstName: `S${i}`, email, language: lang } }],
        },
      });
      subjects.push({ id: expectStatus(reply, 201).id, email, language: lang });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const incident = await incidentAffecting([t.tenantId]);
  return { ...t, subjects, incidentId: incident.id, unique };
}

async function allRecipients(key: string, campaignId: string) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const reply = await request(ctx.api, 'GET', `/v1/breach-communications/${campaignId}/recipients?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: key });
    const page = expectStatus(reply, 200);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The local SES inbox, grouped by (the one) recipient. */
async function inboxByAddress(): Promise<Map<string, StoredEmail[]>> {
  const byAddress = new Map<string, StoredEmail[]>();
  for (const mail of await readInbox(inject('sesEndpoint'))) {
    for (const to of mail.destination.to) byAddress.set(to, [...(byAddress.get(to) ?? []), mail]);
  }
  return byAddress;
}

const decodeWords = (header: string) =>
  // Whitespace between two encoded-words is not part of the text (RFC 2047, 6.2).
  header.replace(/=\?UTF-8\?B\?([^?]+)\?=(?:\s+(?==\?))?/g, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));

describe('breach-communications job', () => {
  let big: Awaited<ReturnType<typeof tenantWithSubjects>>;
  beforeAll(async () => {
    big = await tenantWithSubjects(500);
  }, 120_000);

  it('BRE-5 DSR-6 a campaign to 500 subjects completes with 500 per-recipient records (no addresses) and one e-mail each, at the send rate', async () => {
    const created = expectStatus(
      await request(ctx.api, 'POST', '/v1/breach-communications', {
        token: big.key,
        body: breachCommunicationInput(big.incidentId, {
          translations: [{ language: 'sl', subject: 'Vaši podatki o plači so bili poslani napačnemu prejemniku', body: 'Datoteko z vašim imenom in plačo smo poslali napačnemu prejemniku. Prejemnik jo je izbrisal.' }],
        }),
      }),
      201,
    );
    expect(created).toMatchObject({ status: 'queued', recipients: { total: 500, sent: 0 } });

    const started = performance.now();
    const summary = await runJob('breach-communications', new Date());
    const seconds = (performance.now() - started) / 1000;
    expect(summary).toMatchObject({ campaigns: 1, completed: 1, sent: 500, failed: 0, busy: 0 });
    // The pace: 500 messages at 200/s cannot go out in less than 2.5 s.
    expect(seconds).toBeGreaterThanOrEqual((500 - 1) / RATE);

    const campaign = expectStatus(await request(ctx.api, 'GET', `/v1/breach-communications/${created.id}`, { token: big.key }), 200);
    expect(campaign).toMatchObject({ status: 'completed', recipients: { total: 500, sent: 500, skipped: 0, failed: 0 } });
    expect(campaign.completedAt).toEqual(expect.any(String));

    const records = await allRecipients(big.key, created.id);
    expect(records).toHaveLength(500);
    expect(new Set(records.map((r) => r.subjectId))).toEqual(new Set(big.subjects.map((s) => s.id)));
    const inbox = await inboxByAddress();
    for (const subject of big.subjects) {
      const mails = inbox.get(subject.email) ?? [];
      expect(mails, subject.email).toHaveLength(1);
      const record = records.find((r) => r.subjectId === subject.id)!;
      expect(record).toMatchObject({ status: 'sent', messageId: mails[0]!.messageId, sentAt: expect.any(String) });
      expect(JSON.stringify(record)).not.toContain(subject.email);
      // The subject's language when the tenant wrote the message in it.
      expect(mails[0]!.subject.startsWith(subject.language === 'sl' ? '[Kršitev varnosti osebnih podatkov] ' : '[Personal data breach] ')).toBe(true);
    }

    // DSR-6: the tenant's notice log keeps no subject's address, only roles and message ids.
    const noticeLog = await allItems();
    const logged = JSON.stringify(noticeLog.filter((i) => i.pk === keys.noticePartition(big.tenantId)));
    for (const subject of big.subjects) expect(logged).not.toContain(subject.email);

    const rerun = await runJob('breach-communications', new Date());
    expect(rerun).toMatchObject({ campaigns: 0, sent: 0 });
    const after = await inboxByAddress();
    for (const subject of big.subjects) expect(after.get(subject.email)).toHaveLength(1);
  }, 120_000);

  it('BRE-5 SEC-5 a run stopped by its time budget resumes at its checkpoint; a lost checkpoint sends nobody twice', async () => {
    const t = await tenantWithSubjects(250);
    const created = expectStatus(await request(ctx.api, 'POST', '/v1/breach-communications', { token: t.key, body: breachCommunicationInput(t.incidentId) }), 201);

    // Barely more than the reserve: the run takes its first page (every run makes progress), maybe a
    // second, and stops there however slow the machine is.
    const first = await runJob('breach-communications', new Date(), { timeLimitMs: RESERVE_MS + 200 });
    expect(first).toMatchObject({ leftForNextRun: 1, completed: 0 });
    expect([100, 200]).toContain(first.sent);
    const midway = expectStatus(await request(ctx.api, 'GET', `/v1/breach-communications/${created.id}`, { token: t.key }), 200);
    expect(midway).toMatchObject({ status: 'sending', recipients: { sent: first.sent } });

    // As if the run had crashed after sending but before its checkpoint: the walk starts over.
    await documentClient.send(
      new UpdateCommand({ TableName: process.env.TABLE_NAME!, Key: keys.breachCommunication(t.tenantId, created.id), UpdateExpression: 'REMOVE #c', ExpressionAttributeNames: { '#c': 'cursor' } }),
    );
    const second = await runJob('breach-communications', new Date());
    expect(second).toMatchObject({ sent: 250 - first.sent!, alreadySent: first.sent, completed: 1 });

    const done = expectStatus(await request(ctx.api, 'GET', `/v1/breach-communications/${created.id}`, { token: t.key }), 200);
    expect(done).toMatchObject({ status: 'completed', recipients: { total: 250, sent: 250, skipped: 0, failed: 0 } });
    const inbox = await inboxByAddress();
    for (const subject of t.subjects) expect(inbox.get(subject.email), subject.email).toHaveLength(1);
  }, 120_000);

  it('BRE-5 DAT-4 DSR-6 restricted, erased, address-less and unknown subjects are skipped with the reason; the rest are sent', async () => {
    const t = await tenantWithSubjects(4, 'sl');
    const [plain, restricted, erased, noEmail] = t.subjects;
    expectStatus(await request(ctx.api, 'POST', `/v1/subjects/${restricted!.id}/restriction`, { token: t.key, body: { reason: 'accuracy contested' } }), 200);
    expectStatus(await request(ctx.api, 'DELETE', `/v1/subjects/${erased!.id}`, { token: t.key }), 200);
    const current = expectStatus(await request(ctx.api, 'GET', `/v1/subjects/${noEmail!.id}`, { token: t.key }), 200);
    expectStatus(
      await request(ctx.api, 'PATCH', `/v1/subjects/${noEmail!.id}`, {
        token: t.key,
        headers: { 'If-Match': `"${current.version}"` },
        body: { attributeSets: [{ name: 'contact', purpose: 'Payroll', legalBasis: 'contract', attributes: { firstName: 'Nobody' } }] },
      }),
      200,
    );
    const unknown = '0'.repeat(10) + 'a'.repeat(16);
    const listed = expectStatus(
      await request(ctx.api, 'POST', '/v1/breach-communications', {
        token: t.key,
        body: breachCommunicationInput(t.incidentId, { audience: { subjectIds: [plain!.id, restricted!.id, erased!.id, noEmail!.id, unknown] } }),
      }),
      201,
    );
    const everyone = expectStatus(await request(ctx.api, 'POST', '/v1/breach-communications', { token: t.key, body: breachCommunicationInput(t.incidentId) }), 201);
    await runJob('breach-communications', new Date());

    const records = await allRecipients(t.key, listed.id);
    const byId = Object.fromEntries(records.map((r) => [r.subjectId, r]));
    expect(byId[plain!.id]).toMatchObject({ status: 'sent', messageId: expect.any(String) });
    expect(byId[restricted!.id]).toEqual({ subjectId: restricted!.id, status: 'skipped', reason: 'restricted' });
    expect(byId[erased!.id]).toEqual({ subjectId: erased!.id, status: 'skipped', reason: 'erased' });
    expect(byId[noEmail!.id]).toEqual({ subjectId: noEmail!.id, status: 'skipped', reason: 'no-email' });
    expect(byId[unknown]).toEqual({ subjectId: unknown, status: 'skipped', reason: 'not-found' });
    const campaign = expectStatus(await request(ctx.api, 'GET', `/v1/breach-communications/${listed.id}`, { token: t.key }), 200);
    expect(campaign).toMatchObject({
      status: 'completed',
      recipients: { total: 5, sent: 1, skipped: 4, failed: 0 },
      skippedBy: { restricted: 1, erased: 1, 'no-email': 1, 'not-found': 1 },
    });

    // Everyone: the erased subject has left the tenant's list; the restricted one is skipped.
    const all = await allRecipients(t.key, everyone.id);
    expect(all.map((r) => r.subjectId).sort()).toEqual([plain!.id, restricted!.id, noEmail!.id].sort());
    const inbox = await inboxByAddress();
    expect(inbox.get(plain!.email)).toHaveLength(2);
    expect(inbox.get(restricted!.email)).toBeUndefined();
    expect(inbox.get(erased!.email)).toBeUndefined();
  }, 60_000);

  it('BRE-5 the message has its own sender name, subject prefix and layout: no tracking, no link but the contact', async () => {
    const t = await tenantWithSubjects(1, 'sl');
    const created = expectStatus(await request(ctx.api, 'POST', '/v1/breach-communications', { token: t.key, body: breachCommunicationInput(t.incidentId, { language: 'en' }) }), 201);
    await runJob('breach-communications', new Date());
    const [mail] = (await inboxByAddress()).get(t.subjects[0]!.email)!;
    expect(mail!.subject).toBe('[Personal data breach] Your payroll data was sent to a wrong recipient');
    // Non-ASCII display names go as RFC 2047 encoded-words; the address stays the platform's sender.
    expect(mail!.from).toMatch(/^=\?UTF-8\?B\?/);
    expect(decodeWords(mail!.from)).toBe(`Ščit ${t.unique} d.o.o. – personal data breach notice <${runtime.senderAddress}>`);
    expect(mail!.replyTo).toEqual([created.contact.email]);
    expect(created.contact).toEqual({ name: 'Dora DPO', email: `dpo-${t.unique}@tenant.example` });
    const html = mail!.body.html!;
    expect(html).toContain('border:4px solid #b00020');
    expect(html).toContain('Notice of a personal data breach');
    expect(html).not.toMatch(/<img|<script|https?:\/\//i);
    expect([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual([`mailto:${created.contact.email}`]);
    expect(mail!.body.text).toContain('On 20 November our payroll provider sent a file');
    expect(mail!.body.text).toContain(`Questions: Dora DPO, ${created.contact.email}`);
  }, 60_000);

  it('BRE-5 one sender at a time: a run while another holds the lease sends nothing, and the next one does', async () => {
    const t = await tenantWithSubjects(2);
    expectStatus(await request(ctx.api, 'POST', '/v1/breach-communications', { token: t.key, body: breachCommunicationInput(t.incidentId) }), 201);
    const lease = (until: number) =>
      documentClient.send(new PutCommand({ TableName: process.env.TABLE_NAME!, Item: { ...keys.breachCommunicationLease, type: 'lease', holder: 'another-run', until } }));
    await lease(Date.now() + 60_000);
    expect(await runJob('breach-communications', new Date())).toMatchObject({ busy: 1, sent: 0 });
    expect((await inboxByAddress()).get(t.subjects[0]!.email)).toBeUndefined();
    await lease(Date.now() - 1);
    expect(await runJob('breach-communications', new Date())).toMatchObject({ busy: 0, sent: 2 });
  }, 60_000);
});
