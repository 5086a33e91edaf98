import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../local/scheduler.ts';
import { firstDayOf, localDateOf, monthOf, nextMonth, startOfDay } from '../../shared/domain/billing/calendar.ts';
import { invoiceDeadlines } from '../../shared/domain/billing/deadlines.ts';
import { OPERATOR_TOKEN, newTenantWithKey, request, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';
import { newSubject } from '../support/subjects.ts';

const ctx = useApi();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A Slovenian tenant with its own billing contact, three end users and a monthly plan from this month. */
async function billedTenant() {
  const unique = randomBytes(4).toString('hex');
  const billing = `billing-${unique}@acme.example`;
  const admin = `admin-${unique}@acme.example`;
  const { tenantId, key } = await newTenantWithKey(ctx.api, ['admin', 'capture'], {
    language: 'en',
    address: 'Slovenska cesta 1\n1000 Ljubljana',
    contacts: { administrator: { name: 'Ana Admin', email: admin }, billing: { name: 'Bor Billing', email: billing } },
  });
  const subjects = [];
  for (let i = 0; i < 3; i++) subjects.push(await newSubject(ctx.api, key));
  const plan = await request(ctx.api, 'POST', `/v1/operator/tenants/${tenantId}/plan`, {
    token: OPERATOR_TOKEN,
    body: { interval: 'monthly', unitPriceCents: 500, currency: 'EUR' },
  });
  expect(plan.status).toBe(200);
  return { tenantId, key, billing, admin, subjectId: subjects[0]!.id };
}

/** Subjects of the e-mails an address received, oldest first. */
async function subjectsFor(address: string) {
  return (await inboxOf(address)).map((m) => m.subject);
}

// The contract clock from the next month's start, when this month's peak (3 end users) is billed.
const period = nextMonth(monthOf(new Date()));
const issuedAt = new Date(startOfDay(firstDayOf(period)).getTime() + 30 * MINUTE);
const deadlines = invoiceDeadlines(firstDayOf(period));
const at = (iso: string, plus = 9 * HOUR) => new Date(Date.parse(iso) + plus);

describe('billing clock: invoice, reminders, dormancy, reactivation', () => {
  it('BIL-2 BIL-3 BIL-5 BIL-9 DUN-1 DUN-2 DUN-3 DUN-4 sign-up → invoice → reminders → dormant (capture still works, admin 402) → reactivation', async () => {
    const t = await billedTenant();

    // Invoicing: the current month (its previous month had no end users) owes nothing; the next
    // period bills this month's peak of three at 5.00 € + 22% VAT.
    const first = await runJob('invoicing', issuedAt);
    expect(first).toMatchObject({ invoicesIssued: 1, nothingDue: 1, failed: 0 });
    const again = await runJob('invoicing', new Date(issuedAt.getTime() + HOUR));
    expect(again.invoicesIssued).toBe(0);

    const list = await request(ctx.api, 'GET', '/v1/billing/invoices', { token: t.key });
    expect(list.body.items).toHaveLength(1);
    const invoice = list.body.items[0];
    expect(invoice).toMatchObject({
      kind: 'subscription',
      issuedOn: firstDayOf(period),
      periodStart: firstDayOf(period),
      dueOn: deadlines.dueOn,
      dueAt: deadlines.dueAt,
      dormantAt: deadlines.dormantAt,
      deleteAt: deadlines.deleteAt,
      netCents: 1500,
      vat: { treatment: 'domestic', ratePercent: 22, amountCents: 330 },
      totalCents: 1830,
      balanceCents: 1830,
      status: 'open',
      buyer: { name: 'Acme d.o.o.', country: 'SI', address: 'Slovenska cesta 1\n1000 Ljubljana' },
    });
    expect(invoice.number).toMatch(/^\d{4}-\d{6}$/);
    expect(invoice.lines[0]).toMatchObject({ kind: 'monthly', quantity: 3, unitPriceCents: 500, meter: { month: monthOf(new Date()), peak: 3 } });

    // The issue notice goes to the billing contact and the administrator, once.
    expect(await subjectsFor(t.billing)).toHaveLength(1);
    expect(await subjectsFor(t.admin)).toHaveLength(1);
    const [issued] = await inboxOf(t.billing);
    expect(issued!.body.text).toContain(invoice.number);

    // The cadence: a week before the due date, on it, the day after, a week before dormancy; each once.
    const cadence = [at(deadlines.reminders[1]!.at), at(deadlines.reminders[2]!.at), at(deadlines.reminders[3]!.at), at(deadlines.reminders[4]!.at)];
    for (const [i, when] of cadence.entries()) {
      const run = await runJob('dunning', when);
      expect(run.remindersSent, `reminder ${i + 1}`).toBe(1);
      const rerun = await runJob('dunning', new Date(when.getTime() + HOUR));
      expect(rerun.remindersSent).toBe(0);
      expect(await subjectsFor(t.billing)).toHaveLength(2 + i);
    }

    // Not dormant one minute before the instant, dormant after it.
    expect((await runJob('dormancy', new Date(Date.parse(deadlines.dormantAt) - MINUTE))).madeDormant).toBe(0);
    const dormancy = await runJob('dormancy', new Date(Date.parse(deadlines.dormantAt) + 5 * MINUTE));
    expect(dormancy.madeDormant).toBe(1);
    expect((await runJob('dormancy', new Date(Date.parse(deadlines.dormantAt) + HOUR))).madeDormant).toBe(0);
    const dormantMail = (await inboxOf(t.billing)).at(-1)!;
    expect(dormantMail.body.text).toContain('18.30');

    // DUN-3: capture keeps working; everything else is 402 with what to pay.
    const capture = await request(ctx.api, 'POST', `/v1/subjects/${t.subjectId}/time-entries`, {
      token: t.key,
      body: { type: 'clock-in', at: new Date().toISOString(), deviceId: 'terminal-1' },
    });
    expect(capture.status).toBe(201);
    const blocked = await request(ctx.api, 'GET', '/v1/subjects', { token: t.key });
    expect(blocked.status).toBe(402);
    expect(blocked.headers.get('content-type')).toBe('application/problem+json');
    expect(blocked.body).toMatchObject({ type: '/problems/payment-required', reactivation: { totalCents: 1830, currency: 'EUR' }, deleteAt: deadlines.deleteAt });
    expect((await request(ctx.api, 'GET', '/v1/billing/invoices', { token: t.key })).status).toBe(402);

    // DUN-4: the fee was frozen at the last active month's price (its peak of three × 5.00 € + VAT).
    const account = await request(ctx.api, 'GET', `/v1/operator/tenants/${t.tenantId}/billing`, { token: OPERATOR_TOKEN });
    expect(account.body).toMatchObject({ state: 'dormant', dormancy: { since: deadlines.dormantAt, deleteAt: deadlines.deleteAt, reactivation: { seats: 3, totalCents: 1830 } } });
    const wrong = await request(ctx.api, 'POST', `/v1/operator/tenants/${t.tenantId}/reactivation`, {
      token: OPERATOR_TOKEN,
      headers: { 'Idempotency-Key': 'reactivation-wrong' },
      body: { amountCents: 1000, paidOn: localDateOf(new Date()), reference: 'bank 1' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.invalidParams).toEqual([expect.objectContaining({ name: 'amountCents' })]);
    const paid = await request(ctx.api, 'POST', `/v1/operator/tenants/${t.tenantId}/reactivation`, {
      token: OPERATOR_TOKEN,
      headers: { 'Idempotency-Key': 'reactivation-paid' },
      body: { amountCents: 1830, paidOn: localDateOf(new Date()), reference: 'bank 1' },
    });
    expect(paid.status).toBe(200);
    expect(paid.body.state).toBe('active');
    expect(paid.body.dormancy).toBeUndefined();

    // The older invoice is cancelled by a credit note; the fee is its own paid invoice.
    const after = await request(ctx.api, 'GET', '/v1/billing/invoices', { token: t.key });
    expect(after.status).toBe(200);
    const byKind = Object.fromEntries(after.body.items.map((i: { kind: string }) => [i.kind, i]));
    expect(byKind.subscription).toMatchObject({ status: 'credited', balanceCents: 0, creditedCents: 1830 });
    expect(byKind.reactivation).toMatchObject({ status: 'paid', totalCents: 1830, balanceCents: 0 });
    const credits = await request(ctx.api, 'GET', '/v1/billing/credit-notes', { token: t.key });
    expect(credits.body.items).toEqual([expect.objectContaining({ invoiceId: invoice.id, reason: 'reactivation', totalCents: 1830 })]);
    expect((await inboxOf(t.billing)).at(-1)!.body.text).toContain(invoice.number);

    // Paid up: the dunning job has nothing more to say about this tenant.
    const quiet = await runJob('dunning', new Date(Date.parse(deadlines.dormantAt) + 2 * 24 * HOUR));
    expect(quiet.remindersSent).toBe(0);
  });
});
