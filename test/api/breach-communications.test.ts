import { beforeAll, describe, expect, it } from 'vitest';
import { allItems, newTenantWithKey, refusedWithoutWrites as refused, request, useApi } from '../support/api.ts';
import type { Reply } from '../support/api.ts';
import { breachCommunicationInput, incidentAffecting } from '../support/breach-communications.ts';
import { newSubject } from '../support/subjects.ts';

const ctx = useApi();

let A: Awaited<ReturnType<typeof newTenantWithKey>>;
let B: Awaited<ReturnType<typeof newTenantWithKey>>;
let incidentOfA: string;
let incidentOfBoth: string;
let subjectOfA: { id: string };


function expectInvalid(reply: Reply, name: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(400);
  expect(reply.headers.get('content-type')).toBe('application/problem+json');
  expect(reply.body.invalidParams).toEqual([expect.objectContaining({ in: 'body', name })]);
}

beforeAll(async () => {
  A = await newTenantWithKey(ctx.api);
  B = await newTenantWithKey(ctx.api);
  subjectOfA = await newSubject(ctx.api, A.key);
  await newSubject(ctx.api, B.key, { category: 'customer' });
  incidentOfA = (await incidentAffecting([A.tenantId])).id;
  incidentOfBoth = (await incidentAffecting([A.tenantId, B.tenantId])).id;
});

describe('breach communications', () => {
  it('BRE-5 a campaign is queued with its audience counted, and read back with its progress', async () => {
    const created = await request(ctx.api, 'POST', '/v1/breach-communications', { token: A.key, body: breachCommunicationInput(incidentOfA) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      incidentId: incidentOfA,
      audience: { kind: 'all' },
      language: 'en',
      status: 'queued',
      recipients: { total: 1, sent: 0, skipped: 0, failed: 0 },
      skippedBy: { restricted: 0, erased: 0, 'no-email': 0, 'not-found': 0 },
      // The tenant's data protection contact, or its administrator when it has none.
      contact: { name: 'Ana Admin', email: 'ana@acme.example' },
    });
    const read = await request(ctx.api, 'GET', `/v1/breach-communications/${created.body.id}`, { token: A.key });
    expect(read.body).toEqual(created.body);
    const list = await request(ctx.api, 'GET', '/v1/breach-communications', { token: A.key });
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
    const recipients = await request(ctx.api, 'GET', `/v1/breach-communications/${created.body.id}/recipients`, { token: A.key });
    expect(recipients.body).toEqual({ items: [] });
    // The audit trail names the campaign and its fields, never the text.
    const audit = await request(ctx.api, 'GET', '/v1/audit?entity=breach-communication', { token: A.key });
    expect(audit.body.items[0]).toMatchObject({ action: 'create', entityId: created.body.id });
  });

  it('BRE-5 an audience of listed subjects and one of a category', async () => {
    const listed = await request(ctx.api, 'POST', '/v1/breach-communications', {
      token: A.key,
      body: breachCommunicationInput(incidentOfA, { audience: { subjectIds: [subjectOfA.id] }, language: 'sl' }),
    });
    expect(listed.status).toBe(201);
    expect(listed.body).toMatchObject({ audience: { kind: 'subjects' }, language: 'sl', recipients: { total: 1 } });
    const category = await request(ctx.api, 'POST', '/v1/breach-communications', {
      token: A.key,
      body: breachCommunicationInput(incidentOfA, { audience: { category: 'employee' } }),
    });
    expect(category.body).toMatchObject({ audience: { kind: 'category', category: 'employee' }, recipients: { total: 1 } });
  });

  it('TEN-3 BRE-5 another tenant cannot read the campaign or its recipients (404) and does not list it', async () => {
    const created = await request(ctx.api, 'POST', '/v1/breach-communications', { token: A.key, body: breachCommunicationInput(incidentOfBoth) });
    for (const path of [`/v1/breach-communications/${created.body.id}`, `/v1/breach-communications/${created.body.id}/recipients`]) {
      const reply = await request(ctx.api, 'GET', path, { token: B.key });
      expect(reply.status).toBe(404);
      expect(reply.body.type).toBe('/problems/not-found');
    }
    const list = await request(ctx.api, 'GET', '/v1/breach-communications?limit=100', { token: B.key });
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(created.body.id);
    // B may write about the incident that names it too, to its own subjects only.
    const own = await request(ctx.api, 'POST', '/v1/breach-communications', { token: B.key, body: breachCommunicationInput(incidentOfBoth) });
    expect(own.status).toBe(201);
    expect(own.body.recipients.total).toBe(1);
  });

  describe('bad input names the field and writes nothing', () => {
    const cases: [string, () => Record<string, unknown>, string][] = [
      ['an incident that does not name the tenant', () => breachCommunicationInput(incidentOfA), 'incidentId'],
      ['an incident that does not exist', () => breachCommunicationInput('0'.repeat(26)), 'incidentId'],
      ['an empty list of subjects', () => breachCommunicationInput(incidentOfBoth, { audience: { subjectIds: [] } }), 'audience.subjectIds'],
      ['no audience kind', () => breachCommunicationInput(incidentOfBoth, { audience: {} }), 'audience'],
      ['two audience kinds', () => breachCommunicationInput(incidentOfBoth, { audience: { all: true, category: 'customer' } }), 'audience'],
      ['a category without subjects', () => breachCommunicationInput(incidentOfBoth, { audience: { category: 'cashier' } }), 'audience.category'],
      ['an IBAN in the body', () => breachCommunicationInput(incidentOfBoth, { body: 'Your salary was paid to SI56 1910 0000 0123 438 as every month, and the file was exposed.' }), 'body'],
      ['a password in the body', () => breachCommunicationInput(incidentOfBoth, { body: 'Please log in again with the temporary password: Xk8!fq2 and change it.' }), 'body'],
      [
        'a body padded with more addresses than are checked',
        () => breachCommunicationInput(incidentOfBoth, { body: `Contacts: ${Array.from({ length: 51 }, (_, i) => `desk${i}@helpdesk.example`).join(', ')}.` }),
        'body',
      ],
      ['a card number in the subject line', () => breachCommunicationInput(incidentOfBoth, { subject: 'Card 4111 1111 1111 1111 exposed' }), 'subject'],
      ['a subject line that breaks into a second header line', () => breachCommunicationInput(incidentOfBoth, { subject: 'Your data\r\nBcc: everyone@elsewhere.example' }), 'subject'],
      ['a translation’s subject with a control character', () => breachCommunicationInput(incidentOfBoth, { translations: [{ language: 'sl', subject: 'Va\u0007ši podatki', body: 'Kaj se je zgodilo, kaj smo storili in kaj svetujemo.' }] }), 'translations.0.subject'],
      ['a translation repeating the main language', () => breachCommunicationInput(incidentOfBoth, { translations: [{ language: 'en', subject: 'Again', body: 'The same message once more, in English.' }] }), 'translations.0.language'],
    ];

    it.each(cases)('BRE-5 refuses %s', async (_what, body, field) => {
      const reply = await refused(() => request(ctx.api, 'POST', '/v1/breach-communications', { token: B.key, body: body() }));
      expectInvalid(reply, field);
      // The reason says what was found, never the value.
      expect(JSON.stringify(reply.body)).not.toMatch(/SI56|Xk8|4111/);
    });

    it('BRE-5 DAT-6 refuses a body with one of the tenant’s subjects’ tax number or e-mail address (blind index)', async () => {
      const subject = await newSubject(ctx.api, B.key, {
        attributeSets: [{ name: 'identity', purpose: 'Payroll', legalBasis: 'contract', attributes: { email: 'mojca.kranjc@b.example', taxNumber: '87654321' } }],
      });
      const tax = await refused(() =>
        request(ctx.api, 'POST', '/v1/breach-communications', {
          token: B.key,
          body: breachCommunicationInput(incidentOfBoth, { body: 'The record with tax number 8765 4321 was in the exported file, with others.' }),
        }),
      );
      expectInvalid(tax, 'body');
      expect(tax.body.invalidParams[0].reason).toContain('tax number of one of your data subjects');
      const email = await refused(() =>
        request(ctx.api, 'POST', '/v1/breach-communications', {
          token: B.key,
          body: breachCommunicationInput(incidentOfBoth, {
            language: 'sl',
            translations: [{ language: 'en', subject: 'A breach', body: 'Mojca.Kranjc@b.example was among the addresses in the exported file.' }],
          }),
        }),
      );
      expectInvalid(email, 'translations.0.body');
      expect(JSON.stringify([tax.body, email.body])).not.toMatch(/87654321|mojca/i);
      // The same kind of value that is not one of B's subjects passes.
      const other = await request(ctx.api, 'POST', '/v1/breach-communications', {
        token: B.key,
        body: breachCommunicationInput(incidentOfBoth, { body: 'Questions? Write to privacy@b.example or call 01 234 5678 any working day.' }),
      });
      expect(other.status, JSON.stringify(other.body)).toBe(201);
      expect(subject.id).toEqual(expect.any(String));
    });
  });
});
