import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { runJob } from '../../local/scheduler.ts';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { CLAIM_LEASE_MS } from '../../shared/notices/outbox.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';
import { incidentBody } from '../support/route-samples.ts';

const ctx = useApi();
const HOUR = 3_600_000;

function operator(method: 'GET' | 'POST', path: string, body?: unknown, key = randomBytes(8).toString('hex')) {
  return request(ctx.api, method, path, { token: OPERATOR_TOKEN, ...(body === undefined ? {} : { body }), ...(method === 'POST' ? { headers: { 'Idempotency-Key': key } } : {}) });
}

/** A tenant with its own data protection and security contacts (the security one with a phone). */
async function affectedTenant(language: 'sl' | 'en') {
  const unique = randomBytes(4).toString('hex');
  const contacts = {
    administrator: { name: 'Ana Admin', email: `admin-${unique}@breach.example` },
    dataProtection: { name: 'Dora DPO', email: `dpo-${unique}@breach.example` },
    security: { name: 'Sam Security', email: `sec-${unique}@breach.example`, phone: '+38640111222' },
  };
  const t = await newTenantWithKey(ctx.api, ['admin'], { language, contacts });
  return { ...t, dpo: contacts.dataProtection.email, security: contacts.security.email, admin: contacts.administrator.email };
}

describe('breach register and notices', () => {
  it('BRE-1 BRE-2 an incident affecting 3 tenants sends each its notice in its language with every Art. 33(3) fact, once per recipient and channel', async () => {
    const tenants = [await affectedTenant('sl'), await affectedTenant('en'), await affectedTenant('sl')];
    const body = { ...incidentBody(tenants[0]!.tenantId), affectedTenantIds: tenants.map((t) => t.tenantId), vendorIsController: false };
    const created = await operator('POST', '/v1/operator/incidents', body);
    expect(created.status).toBe(201);
    const incidentId = created.body.id;

    for (const t of tenants) {
      const [dpoMail] = await inboxOf(t.dpo);
      const [securityMail] = await inboxOf(t.security);
      expect(await inboxOf(t.admin)).toHaveLength(0);
      expect(dpoMail!.subject).toMatch(t === tenants[1] ? /^\[Personal data breach\]/ : /^\[Kršitev varnosti osebnih podatkov\]/);
      expect(securityMail!.subject).toBe(dpoMail!.subject);
      const text = dpoMail!.body.text!;
      for (const fact of [body.nature, body.likelyConsequences, body.measures, 'names, work e-mail addresses', 'employees', '40', '120', 'security@vendor.example']) {
        expect(text).toContain(fact);
      }
    }
    expect(ctx.topic.messages.filter((m) => m.attributes.incidentId === incidentId)).toHaveLength(3);
    expect(ctx.topic.sms.filter((m) => m.phoneNumber === '+38640111222').length).toBeGreaterThanOrEqual(3);

    // The log: one sent record per tenant, recipient role and channel, with SES message ids.
    const log = (await allItems()).filter((i) => i.type === 'notice' && String(i.kind).startsWith(`breach-${incidentId}-1`));
    expect(log).toHaveLength(3 * 4);
    expect(log.every((i) => i.status === 'sent')).toBe(true);

    // Reruns of the job send nothing twice.
    await runJob('breach-clock', new Date());
    await runJob('breach-clock', new Date(Date.now() + HOUR));
    for (const t of tenants) expect(await inboxOf(t.dpo)).toHaveLength(1);
    expect(ctx.topic.messages.filter((m) => m.attributes.incidentId === incidentId)).toHaveLength(3);

    // A new phase is a new notice; the first one stays as it was sent.
    const phase = await operator('POST', `/v1/operator/incidents/${incidentId}/phases`, { summary: 'Root cause found', rootCause: 'A misrouted export job' });
    expect(phase.status).toBe(201);
    for (const t of tenants) {
      const mails = await inboxOf(t.dpo);
      expect(mails).toHaveLength(2);
      expect(mails[1]!.body.text).toContain('A misrouted export job');
      expect(mails[0]!.body.text).not.toContain('A misrouted export job');
    }
    const detail = await operator('GET', `/v1/operator/incidents/${incidentId}`);
    expect(detail.body.phases.map((p: { number: number }) => p.number)).toEqual([1, 2]);
    // The register keeps its own evidence of who was told, without addresses (it outlives tenants).
    expect(detail.body.notified.filter((n: { channel: string }) => n.channel === 'email')).toHaveLength(3 * 2 * 2);
    expect(JSON.stringify(detail.body.notified)).not.toContain('@breach.example');
    expect(detail.body.phases[0].facts.rootCause).toBeUndefined();

    // The tenant sees the incident as notified; another tenant does not.
    const own = await request(ctx.api, 'GET', '/v1/incidents', { token: tenants[1]!.key });
    expect(own.body.items).toEqual([expect.objectContaining({ id: incidentId, phases: expect.any(Array) })]);
    // TEN-4: the operator appears by a pseudonym, never the vendor's AWS account or a staff member's IAM name.
    expect(JSON.stringify(own.body)).not.toMatch(/arn:aws|local-operator/);
    const stranger = await newTenantWithKey(ctx.api);
    expect((await request(ctx.api, 'GET', '/v1/incidents', { token: stranger.key })).body.items).toEqual([]);
    expect((await request(ctx.api, 'POST', `/v1/incidents/${incidentId}/clock`, { token: stranger.key })).status).toBe(404);
  });

  it('BRE-2 SEC-5 a notice claimed by a run that crashed keeps its phase open until it is really sent', async () => {
    const t = await affectedTenant('en');
    const created = await operator('POST', '/v1/operator/incidents', { ...incidentBody(t.tenantId), vendorIsController: false });
    const incidentId = created.body.id;
    const dpoRecord = { pk: `T#${t.tenantId}#NOTICE`, sk: `breach-${incidentId}-1#dataProtection` };
    // As if the request had died after claiming the DPO's e-mail: a fresh claim, nothing sent, phase open.
    await documentClient.send(new PutCommand({ TableName: process.env.TABLE_NAME!, Item: { ...dpoRecord, type: 'notice', kind: `breach-${incidentId}-1`, subjectId: 'dataProtection', status: 'claimed', claimedAt: Date.now() } }));
    await documentClient.send(new DeleteCommand({ TableName: process.env.TABLE_NAME!, Key: { pk: `INC#${incidentId}`, sk: 'SENT#0001' } }));
    const during = await runJob('breach-clock', new Date());
    expect(during.phasesCompleted).toBe(0);
    expect((await allItems()).some((i) => i.pk === `INC#${incidentId}` && i.sk === 'SENT#0001')).toBe(false);
    // Once the claim is stale the next run sends it and closes the phase.
    await documentClient.send(new PutCommand({ TableName: process.env.TABLE_NAME!, Item: { ...dpoRecord, type: 'notice', kind: `breach-${incidentId}-1`, subjectId: 'dataProtection', status: 'claimed', claimedAt: Date.now() - CLAIM_LEASE_MS - 1 } }));
    const before = (await inboxOf(t.dpo)).length;
    const after = await runJob('breach-clock', new Date());
    expect(after.phasesCompleted).toBe(1);
    expect((await inboxOf(t.dpo)).length).toBe(before + 1);
  });

  it('BRE-1 an incident not notified is registered with its reason; without a reason it is refused and nothing is written', async () => {
    const t = await affectedTenant('en');
    const base = { ...incidentBody(t.tenantId), notification: { decision: 'not-notified' } };
    const before = (await allItems()).length;
    const refused = await operator('POST', '/v1/operator/incidents', base);
    expect(refused.status).toBe(400);
    expect(refused.body.invalidParams[0].name).toBe('notification.reason');
    // Its title goes into every notice's subject: one line, no control characters.
    const twoLines = await operator('POST', '/v1/operator/incidents', { ...base, title: 'Leak\r\nBcc: all@elsewhere.example', notification: { decision: 'not-notified', reason: 'Encrypted' } });
    expect(twoLines.status).toBe(400);
    expect(twoLines.body.invalidParams.map((p: { name: string }) => p.name)).toContain('title');
    expect((await allItems()).length).toBe(before);
    const kept = await operator('POST', '/v1/operator/incidents', { ...base, notification: { decision: 'not-notified', reason: 'Data was encrypted; key not exposed' } });
    expect(kept.status).toBe(201);
    expect(await inboxOf(t.dpo)).toHaveLength(0);
    // TEN-3: an incident the tenant was never told of does not exist for it.
    expect((await request(ctx.api, 'GET', '/v1/incidents', { token: t.key })).body.items).toEqual([]);
    expect((await request(ctx.api, 'POST', `/v1/incidents/${kept.body.id}/clock`, { token: t.key })).status).toBe(404);
    // Not notifying is the Art. 33(1) exception: no vendor clock runs, so no reminders.
    const detail = await operator('GET', `/v1/operator/incidents/${kept.body.id}`);
    expect(detail.body.clocks).toEqual([]);
    const page = await request(ctx.api, 'GET', '/v1/operator/incidents/export/html', { token: OPERATOR_TOKEN });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('Data was encrypted; key not exposed');
    const json = await operator('GET', '/v1/operator/incidents/export');
    expect(json.body.items.some((i: { id: string }) => i.id === kept.body.id)).toBe(true);
  });

  it('BRE-3 a public notice instead of direct ones: the decision and its reason are recorded, and the status page shows it', async () => {
    const t = await affectedTenant('en');
    const created = await operator('POST', '/v1/operator/incidents', { ...incidentBody(t.tenantId), notification: { decision: 'public', reason: 'Thousands of unidentifiable visitors' } });
    expect(created.status).toBe(201);
    expect(await inboxOf(t.dpo)).toHaveLength(0);
    const title = { sl: `Obvestilo ${created.body.id}`, en: `Notice ${created.body.id}` };
    const published = await operator('POST', `/v1/operator/incidents/${created.body.id}/public-notice`, {
      reason: 'Direct notice would take disproportionate effort',
      title,
      body: { sl: 'Kaj se je zgodilo in kaj smo storili.', en: 'What happened and what we did.' },
    });
    expect(published.status).toBe(200);
    expect(published.body.notification).toMatchObject({ decision: 'public', reason: 'Direct notice would take disproportionate effort' });
    const again = await operator('POST', `/v1/operator/incidents/${created.body.id}/public-notice`, { reason: 'twice', title, body: { sl: 'x', en: 'x' } });
    expect(again.status).toBe(409);
    // A public text is checked like an Art. 34 body: the status page is read by anyone.
    const other = await operator('POST', '/v1/operator/incidents', { ...incidentBody(t.tenantId), notification: { decision: 'public', reason: 'Unidentifiable' } });
    const leaky = await operator('POST', `/v1/operator/incidents/${other.body.id}/public-notice`, {
      reason: 'Unidentifiable',
      title,
      body: { sl: 'Opis.', en: 'Refunds go to SI56 1910 0000 0123 438.' },
    });
    expect(leaky.status).toBe(400);
    expect(leaky.body.invalidParams[0].name).toBe('body.en');
    const feed = await request(ctx.api, 'GET', '/v1/status.json?lang=en');
    expect(JSON.stringify(feed.body)).toContain(title.en);
  });

  it('BRE-4 the vendor clock: reminders at 24, 48 and 66 hours, once each; a late filing without reasons is refused; lateness is fixed at the first filing', async () => {
    const t = await affectedTenant('en');
    const awareAt = new Date(Date.now() - HOUR).toISOString();
    const title = `Lost backup tape ${randomBytes(3).toString('hex')}`;
    const created = await operator('POST', '/v1/operator/incidents', { ...incidentBody(t.tenantId), title, detectedAt: awareAt, awareAt });
    const incidentId = created.body.id;
    const aware = Date.parse(awareAt);
    const reminders = async () => (await inboxOf('security@vendor.example')).filter((m) => m.subject.includes(title));
    for (const [i, hours] of [24, 48, 66].entries()) {
      await runJob('breach-clock', new Date(aware + (hours + 0.1) * HOUR));
      await runJob('breach-clock', new Date(aware + (hours + 0.2) * HOUR));
      expect((await reminders()).map((m) => m.subject)).toHaveLength(i + 1);
    }
    expect((await reminders()).map((m) => m.subject)).toEqual([24, 48, 66].map((h) => `Breach filing clock: ${h} hours since awareness — ${title}`));

    const prepared = await operator('GET', `/v1/operator/incidents/${incidentId}/notification`);
    expect(prepared.body.text).toContain(created.body.nature);

    // Filed now, an hour after awareness: in time, by e-mail to the authority.
    const filed = await operator('POST', `/v1/operator/incidents/${incidentId}/filings`, { channel: 'email' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ late: false, channel: 'email' });
    // Recorded first, sent right after the commit; the filing then carries the SES message id.
    const recorded = (await operator('GET', `/v1/operator/incidents/${incidentId}`)).body.filings.find((f: { id: string }) => f.id === filed.body.id);
    const authority = await inboxOf('breach-notifications@authority.example');
    expect(authority.some((m) => m.messageId === recorded.messageId)).toBe(true);
    // A supplement later keeps the lateness of the first filing.
    const supplement = await operator('POST', `/v1/operator/incidents/${incidentId}/filings`, { channel: 'portal', reference: 'IP-2026-77' });
    expect(supplement.body.late).toBe(false);
    const detail = await operator('GET', `/v1/operator/incidents/${incidentId}`);
    expect(detail.body.clocks).toEqual([expect.objectContaining({ controller: 'vendor', late: false, firstFiledAt: filed.body.at })]);
  });

  it('BRE-4 a first filing after 72 hours must give the reasons for the delay', async () => {
    const t = await affectedTenant('en');
    const awareAt = new Date(Date.now() - 73 * HOUR).toISOString();
    const created = await operator('POST', '/v1/operator/incidents', { ...incidentBody(t.tenantId), detectedAt: awareAt, awareAt });
    const path = `/v1/operator/incidents/${created.body.id}/filings`;
    const refused = await operator('POST', path, { channel: 'portal', reference: 'IP-1' });
    expect(refused.status).toBe(400);
    expect(refused.body.invalidParams[0].name).toBe('lateReason');
    const late = await operator('POST', path, { channel: 'portal', reference: 'IP-1', lateReason: 'Forensics took three days' });
    expect(late.body).toMatchObject({ late: true, lateReason: 'Forensics took three days' });
  });

  it('BRE-4 a tenant asks the platform to keep its own clock, from the moment it was notified', async () => {
    const t = await affectedTenant('en');
    const created = await operator('POST', '/v1/operator/incidents', { ...incidentBody(t.tenantId), vendorIsController: false });
    const clock = await request(ctx.api, 'POST', `/v1/incidents/${created.body.id}/clock`, { token: t.key });
    expect(clock.status).toBe(201);
    const notified = (await allItems()).find((i) => i.type === 'notice' && i.kind === `breach-${created.body.id}-1` && i.subjectId === 'dataProtection');
    expect(clock.body).toMatchObject({ controller: t.tenantId, awareAt: notified!.sentAt });
    expect(Date.parse(clock.body.deadline) - Date.parse(clock.body.awareAt)).toBe(72 * HOUR);
    const reminder = await runJob('breach-clock', new Date(Date.parse(clock.body.awareAt) + 25 * HOUR));
    expect(reminder.remindersSent).toBeGreaterThanOrEqual(1);
    expect((await inboxOf(t.dpo)).at(-1)!.subject).toContain('24 hours');
    const filed = await request(ctx.api, 'POST', `/v1/incidents/${created.body.id}/filings`, { token: t.key, body: { reference: 'IP-2026-5' } });
    expect(filed.body).toMatchObject({ controller: t.tenantId, late: false, reference: 'IP-2026-5' });
    // AUD-1: both steps are in the tenant's own audit trail.
    const trail = await request(ctx.api, 'GET', '/v1/audit', { token: t.key });
    expect(trail.body.items.map((e: { entity: string }) => e.entity)).toEqual(expect.arrayContaining(['breach-clock', 'breach-filing']));
  });
});
