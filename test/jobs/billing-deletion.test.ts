import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../local/scheduler.ts';
import { addDays, firstDayOf, localDateOf, monthOf, nextMonth, startOfDay } from '../../shared/domain/billing/calendar.ts';
import { invoiceDeadlines } from '../../shared/domain/billing/deadlines.ts';
import { JOBS } from '../../shared/jobs/jobs.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';
import { inTenantKeySpace } from '../support/route-samples.ts';
import { newSubject } from '../support/subjects.ts';

const ctx = useApi();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const period = nextMonth(monthOf(new Date()));
const issuedAt = new Date(startOfDay(firstDayOf(period)).getTime() + 30 * MINUTE);
const deadlines = invoiceDeadlines(firstDayOf(period));
const deleteOn = localDateOf(new Date(deadlines.deleteAt));

/** Every job of the job table at `at`: what the scheduler would have run by then. */
async function runAllJobs(at: Date) {
  for (const job of JOBS) await runJob(job.name, at);
}

describe('a tenant left unpaid until deletion', () => {
  it('DUN-5 BIL-9 warns 30 and 7 days ahead, deletes everything personal at dormancy + 90 days, keeps the invoices, and never mails twice', async () => {
    const unique = randomBytes(4).toString('hex');
    const admin = `admin-${unique}@gone.example`;
    const billing = `billing-${unique}@gone.example`;
    const { tenantId, key } = await newTenantWithKey(ctx.api, ['admin', 'capture'], {
      language: 'sl',
      contacts: { administrator: { name: 'Ana Admin', email: admin }, billing: { name: 'Bor Billing', email: billing } },
    });
    const subject = await newSubject(ctx.api, key);
    await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/time-entries`, { token: key, body: { type: 'clock-in', at: new Date().toISOString() } });
    expect((await request(ctx.api, 'POST', `/v1/operator/tenants/${tenantId}/plan`, { token: OPERATOR_TOKEN, body: { interval: 'monthly', unitPriceCents: 500, currency: 'EUR' } })).status).toBe(200);
    // A bystander whose data must survive every run below.
    const other = await newTenantWithKey(ctx.api, ['admin']);
    const otherSubject = await newSubject(ctx.api, other.key);

    await runJob('invoicing', issuedAt);
    const [invoice] = (await request(ctx.api, 'GET', '/v1/billing/invoices', { token: key })).body.items;
    await runJob('dormancy', new Date(Date.parse(deadlines.dormantAt) + 5 * MINUTE));
    const dormant = await request(ctx.api, 'GET', `/v1/operator/tenants/${tenantId}/billing`, { token: OPERATOR_TOKEN });
    expect(dormant.body).toMatchObject({ state: 'dormant', dormancy: { deleteAt: deadlines.deleteAt } });
    const mailsBeforeWarnings = (await inboxOf(admin)).length;

    // Warnings 30 and 7 days ahead (the dunning job at 09:00 of those days), each once.
    for (const days of [30, 7]) {
      const day = new Date(startOfDay(addDays(deleteOn, -days)).getTime() + 9 * HOUR);
      expect((await runJob('dunning', day)).warningsSent).toBeGreaterThanOrEqual(1);
      await runJob('dunning', new Date(day.getTime() + HOUR));
    }
    const warnings = (await inboxOf(admin)).slice(mailsBeforeWarnings);
    expect(warnings.map((m) => m.subject)).toEqual([expect.stringContaining('izbrisani'), expect.stringContaining('izbrisani')]);
    expect(await inboxOf(billing)).toHaveLength((await inboxOf(admin)).length);

    // Not a minute early; then the dormancy job hands over and the deletion job finishes.
    await runJob('dormancy', new Date(Date.parse(deadlines.deleteAt) - MINUTE));
    expect((await request(ctx.api, 'GET', `/v1/operator/tenants/${tenantId}/billing`, { token: OPERATOR_TOKEN })).body.state).toBe('dormant');
    const handover = new Date(Date.parse(deadlines.deleteAt) + 5 * MINUTE);
    expect((await runJob('dormancy', handover)).deletionsStarted).toBe(1);
    await runJob('tenant-deletion', new Date(handover.getTime() + 30 * MINUTE));

    // Nothing of the tenant is left but its billing documents, meter evidence and a tombstone.
    const items = await allItems();
    const left = items.filter((i) => inTenantKeySpace(i.pk, tenantId));
    const kept = left.filter((i) => !String(i.pk).endsWith('#BILLING') && !String(i.pk).endsWith('#METER'));
    expect(kept).toEqual([expect.objectContaining({ sk: 'TENANT', status: 'deleted' })]);
    expect(kept[0]).not.toHaveProperty('contacts');
    expect(JSON.stringify(left)).not.toContain(admin);
    expect(JSON.stringify(left)).not.toContain('Novak');
    // The unpaid invoice is kept and still owed, but off the dunning list: nobody is left to remind.
    const keptInvoices = left.filter((i) => i.type === 'invoice');
    expect(keptInvoices).toEqual([expect.objectContaining({ balanceCents: 610, dunningStoppedAt: expect.any(String) })]);
    expect(keptInvoices[0]).not.toHaveProperty('gsi1pk');
    expect(items.some((i) => inTenantKeySpace(i.pk, other.tenantId) && i.sk === 'SUBJECT' && i.id === otherSubject.id)).toBe(true);

    // The key is dead, the tenant answers 410, its invoices stay readable to the operator.
    expect((await request(ctx.api, 'GET', '/v1/billing', { token: key })).status).toBe(401);
    expect((await request(ctx.api, 'GET', `/v1/operator/tenants/${tenantId}`, { token: OPERATOR_TOKEN })).status).toBe(410);
    const kept2 = await request(ctx.api, 'GET', `/v1/operator/tenants/${tenantId}/invoices/${invoice.id}`, { token: OPERATOR_TOKEN });
    expect(kept2.status).toBe(200);
    const account = await request(ctx.api, 'GET', `/v1/operator/tenants/${tenantId}/invoices`, { token: OPERATOR_TOKEN });
    expect(account.body.items).toHaveLength(1);

    // A final confirmation went out before the contacts were deleted; nothing is ever sent twice.
    const adminMail = await inboxOf(admin);
    expect(adminMail.at(-1)!.body.text).toMatch(/izbris/i);
    const counts = { admin: adminMail.length, billing: (await inboxOf(billing)).length };
    for (const later of [HOUR, 24 * HOUR, 40 * 24 * HOUR]) await runAllJobs(new Date(handover.getTime() + later));
    expect({ admin: (await inboxOf(admin)).length, billing: (await inboxOf(billing)).length }).toEqual(counts);
  });
});
