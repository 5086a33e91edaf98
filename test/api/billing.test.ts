import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../local/scheduler.ts';
import { addDays, firstDayOf, localDateOf, monthOf, nextMonth, startOfDay } from '../../shared/domain/billing/calendar.ts';
import { invoiceTenantNow } from '../../shared/services/billing/invoicing.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';

const ctx = useApi();
const today = localDateOf(new Date());
const thisMonth = monthOf(new Date());

async function tenantWithPlan(overrides: Record<string, unknown> = {}, plan: Record<string, unknown> = { interval: 'annual', unitPriceCents: 1000, currency: 'EUR', committedSeats: 2 }) {
  const admin = `admin-${randomBytes(4).toString('hex')}@acme.example`;
  const t = await newTenantWithKey(ctx.api, ['admin'], { contacts: { administrator: { name: 'Ana Admin', email: admin } }, ...overrides });
  const assigned = await request(ctx.api, 'POST', `/v1/operator/tenants/${t.tenantId}/plan`, { token: OPERATOR_TOKEN, body: plan });
  expect(assigned.status).toBe(200);
  return { ...t, admin };
}

async function invoiceOf(t: { tenantId: string; key: string }) {
  const [invoiceId] = await invoiceTenantNow(t.tenantId, new Date());
  const invoice = await request(ctx.api, 'GET', `/v1/billing/invoices/${invoiceId}`, { token: t.key });
  expect(invoice.status).toBe(200);
  return invoice.body;
}

/** As the operator; a POST carries a fresh Idempotency-Key (money routes require one). */
const operator = (method: 'GET' | 'POST', path: string, body?: unknown) =>
  request(ctx.api, method, path, {
    token: OPERATOR_TOKEN,
    ...(body === undefined ? {} : { body }),
    ...(method === 'POST' ? { headers: { 'Idempotency-Key': randomBytes(8).toString('hex') } } : {}),
  });

describe('plans', () => {
  it.each([
    [{ interval: 'monthly', unitPriceCents: 500, currency: 'EUR', startsOn: `${thisMonth}-02` }, 'startsOn'],
    [{ interval: 'monthly', unitPriceCents: 500, currency: 'EUR', startsOn: firstDayOf(nextMonth(thisMonth, -1)) }, 'startsOn'],
    [{ interval: 'annual', unitPriceCents: 500, currency: 'EUR' }, 'committedSeats'],
    [{ interval: 'monthly', unitPriceCents: 500, currency: 'EUR', committedSeats: 3 }, 'committedSeats'],
    [{ interval: 'monthly', unitPriceCents: 0, currency: 'EUR' }, 'unitPriceCents'],
    [{ interval: 'monthly', unitPriceCents: 500, currency: 'euro' }, 'currency'],
  ])('BIL-1 refuses plan %j naming %s, and changes nothing', async (body, field) => {
    const { tenantId } = await newTenantWithKey(ctx.api);
    const before = (await allItems()).length;
    const reply = await operator('POST', `/v1/operator/tenants/${tenantId}/plan`, body);
    expect(reply.status).toBe(400);
    expect(reply.body.invalidParams).toEqual([expect.objectContaining({ name: field })]);
    expect((await allItems()).length).toBe(before);
  });

  it('BIL-1 BIL-2 the tenant sees its plan, state and this month’s live end users and peak', async () => {
    const t = await tenantWithPlan({}, { interval: 'monthly', unitPriceCents: 350, currency: 'EUR' });
    const overview = await request(ctx.api, 'GET', '/v1/billing', { token: t.key });
    expect(overview.body).toMatchObject({
      state: 'active',
      plan: { interval: 'monthly', unitPriceCents: 350, currency: 'EUR', startsOn: firstDayOf(thisMonth) },
      usage: { activeSeats: 0, month: thisMonth, peak: 0 },
    });
  });
});

describe('invoices', () => {
  it('BIL-4 BIL-5 an annual plan is invoiced in advance for the agreed seats, with Slovenian VAT for a Slovenian buyer', async () => {
    const t = await tenantWithPlan();
    const invoice = await invoiceOf(t);
    expect(invoice.lines).toEqual([expect.objectContaining({ kind: 'annual', quantity: 2, months: 12, netCents: 24000 })]);
    expect(invoice).toMatchObject({ netCents: 24000, vat: { treatment: 'domestic', ratePercent: 22, amountCents: 5280 }, totalCents: 29280 });
    expect(invoice.periodEnd).toBe(addDays(firstDayOf(nextMonth(thisMonth, 12)), -1));
  });

  it.each([
    ['DE', 'DE123456789', 'reverse-charge', 'Article 196'],
    ['US', undefined, 'outside-eu', 'outside the EU'],
  ])('BIL-5 a buyer in %s (VAT number %s) pays no VAT: %s with its legal note', async (country, vatNumber, treatment, note) => {
    const t = await tenantWithPlan({ country, ...(vatNumber ? { vatNumber } : {}) });
    const invoice = await invoiceOf(t);
    expect(invoice.vat).toMatchObject({ treatment, ratePercent: 0, amountCents: 0 });
    expect(invoice.vat.note).toContain(note);
    expect(invoice.totalCents).toBe(invoice.netCents);
    const page = await request(ctx.api, 'GET', `/v1/billing/invoices/${invoice.id}/html`, { token: t.key });
    expect(page.body).toContain(note);
  });

  it('BIL-9 the printable invoice is HTML in the tenant language that nothing can make run', async () => {
    const t = await tenantWithPlan({ language: 'sl', name: '<script>alert(1)</script> d.o.o.' });
    const invoice = await invoiceOf(t);
    const page = await request(ctx.api, 'GET', `/v1/billing/invoices/${invoice.id}/html`, { token: t.key });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.body).toContain('<html lang="sl"');
    expect(page.body).toContain(invoice.number);
    expect(page.body).not.toContain('<script>');
  });

  it('BIL-9 numbers are gapless and unique when two invoicing runs race over many tenants', async () => {
    const tenants = [];
    for (let i = 0; i < 6; i++) tenants.push(await tenantWithPlan());
    const at = new Date();
    const runs = await Promise.allSettled([runJob('invoicing', at), runJob('invoicing', at)]);
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const invoices = (await allItems()).filter((i) => i.type === 'invoice');
    for (const t of tenants) expect(invoices.filter((i) => i.tenantId === t.tenantId)).toHaveLength(1);
    const year = today.slice(0, 4);
    const numbers = invoices.map((i) => Number(String(i.number).slice(5))).sort((a, b) => a - b);
    expect(invoices.every((i) => String(i.number).startsWith(`${year}-`))).toBe(true);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });
});

describe('payments and credit notes', () => {
  it('partial payments add up; the invoice is paid at a zero balance; more than the balance is refused', async () => {
    const t = await tenantWithPlan();
    const invoice = await invoiceOf(t);
    const path = `/v1/operator/tenants/${t.tenantId}/invoices/${invoice.id}/payments`;
    const part = await operator('POST', path, { amountCents: 10000, paidOn: today, reference: 'bank 1' });
    expect(part.status).toBe(201);
    expect(part.body.invoice).toMatchObject({ status: 'open', paidCents: 10000, balanceCents: 19280 });
    const tooMuch = await operator('POST', path, { amountCents: 19281, paidOn: today, reference: 'bank 2' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.invalidParams[0].name).toBe('amountCents');
    const future = await operator('POST', path, { amountCents: 100, paidOn: addDays(today, 2), reference: 'bank 2' });
    expect(future.body.invalidParams[0].name).toBe('paidOn');
    const rest = await operator('POST', path, { amountCents: 19280, paidOn: today, reference: 'bank 2' });
    expect(rest.body.invoice).toMatchObject({ status: 'paid', paidCents: 29280, balanceCents: 0 });
    // A receipt per payment (the issue notice came first).
    expect(await inboxOf(t.admin)).toHaveLength(3);
    // Paid: no longer listed for dunning.
    const unpaid = (await allItems()).find((i) => i.type === 'invoice' && i.id === invoice.id);
    expect(unpaid?.gsi1pk).toBeUndefined();
  });

  it('a payment needs an Idempotency-Key, and a retry with the same key records it once', async () => {
    const t = await tenantWithPlan();
    const invoice = await invoiceOf(t);
    const path = `/v1/operator/tenants/${t.tenantId}/invoices/${invoice.id}/payments`;
    const body = { amountCents: 1000, paidOn: today, reference: 'bank 7' };
    const bare = await request(ctx.api, 'POST', path, { token: OPERATOR_TOKEN, body, withoutIdempotencyKey: true });
    expect(bare.status).toBe(400);
    expect(bare.body.invalidParams).toEqual([{ in: 'header', name: 'Idempotency-Key', reason: 'is required on this route' }]);
    const headers = { 'Idempotency-Key': `pay-${invoice.id}` };
    const first = await request(ctx.api, 'POST', path, { token: OPERATOR_TOKEN, body, headers });
    const retry = await request(ctx.api, 'POST', path, { token: OPERATOR_TOKEN, body, headers });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const payments = (await allItems()).filter((i) => i.type === 'payment' && i.invoiceId === invoice.id);
    expect(payments).toHaveLength(1);
  });

  it('BIL-7 a credit note is its own numbered document naming the invoice it reduces, never beyond it', async () => {
    const t = await tenantWithPlan();
    const invoice = await invoiceOf(t);
    const issued = await operator('POST', `/v1/operator/tenants/${t.tenantId}/credit-notes`, { invoiceId: invoice.id, reason: 'sla-credit', netCents: 12000 });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ invoiceId: invoice.id, invoiceNumber: invoice.number, reason: 'sla-credit', netCents: 12000, totalCents: 14640 });
    expect(issued.body.number).toMatch(/^CN-\d{4}-\d{6}$/);
    const after = await request(ctx.api, 'GET', `/v1/billing/invoices/${invoice.id}`, { token: t.key });
    expect(after.body).toMatchObject({ creditedCents: 14640, balanceCents: 14640, status: 'open' });
    const beyond = await operator('POST', `/v1/operator/tenants/${t.tenantId}/credit-notes`, { invoiceId: invoice.id, reason: 'sla-credit', netCents: 12001 });
    expect(beyond.status).toBe(400);
    expect(beyond.body.invalidParams[0].name).toBe('netCents');
    const page = await request(ctx.api, 'GET', `/v1/billing/credit-notes/${issued.body.id}/html`, { token: t.key });
    expect(page.body).toContain(invoice.number);
  });

  it('BIL-8 the liability cap is 10% of what was paid in the six months up to the date', async () => {
    const t = await tenantWithPlan();
    const invoice = await invoiceOf(t);
    const path = `/v1/operator/tenants/${t.tenantId}/invoices/${invoice.id}/payments`;
    await operator('POST', path, { amountCents: 5000, paidOn: today, reference: 'bank 1' });
    await operator('POST', path, { amountCents: 1005, paidOn: addDays(today, -30), reference: 'bank 2' });
    const cap = await request(ctx.api, 'GET', `/v1/billing/liability-cap?at=${today}`, { token: t.key });
    expect(cap.body).toMatchObject({ at: today, capByCurrency: [{ currency: 'EUR', paidCents: 6005, capCents: 600 }] });
    const before = await operator('GET', `/v1/operator/tenants/${t.tenantId}/liability-cap?at=${addDays(today, -1)}`);
    expect(before.body.capByCurrency).toEqual([{ currency: 'EUR', paidCents: 1005, capCents: 100 }]);
  });
});

describe('ending a contract', () => {
  it('BIL-6 DUN-6 a cancellation in writing ends the contract with the paid month, without refund, and says so', async () => {
    const t = await tenantWithPlan({}, { interval: 'monthly', unitPriceCents: 500, currency: 'EUR' });
    const unconfirmed = await request(ctx.api, 'POST', '/v1/billing/cancellation', { token: t.key, body: { confirm: false } });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.invalidParams[0].name).toBe('confirm');
    const cancelled = await request(ctx.api, 'POST', '/v1/billing/cancellation', { token: t.key, body: { confirm: true } });
    expect(cancelled.status).toBe(200);
    const endsAt = startOfDay(firstDayOf(nextMonth(thisMonth))).toISOString();
    expect(cancelled.body).toMatchObject({ state: 'ending', ending: { kind: 'cancellation', endsAt, requestedBy: `key:${t.keyId}` } });
    const [mail] = await inboxOf(t.admin);
    expect(mail!.subject).toBe('Your cancellation is confirmed');
    // Access stays until the end; a second cancellation has nothing to end.
    expect((await request(ctx.api, 'GET', '/v1/subjects', { token: t.key })).status).toBe(200);
    const again = await request(ctx.api, 'POST', '/v1/billing/cancellation', { token: t.key, body: { confirm: true } });
    expect(again.status).toBe(409);
    // DUN-6: at the end the keys stop and the deletion job takes over.
    const run = await runJob('dormancy', new Date(Date.parse(endsAt) + 60_000));
    expect(run.deletionsStarted).toBeGreaterThanOrEqual(1);
    expect((await request(ctx.api, 'GET', '/v1/subjects', { token: t.key })).status).toBe(401);
  });

  it('TRM-3 the operator terminates with a reason; the tenant is told the reason and the end date', async () => {
    const t = await tenantWithPlan({}, { interval: 'monthly', unitPriceCents: 500, currency: 'EUR' });
    const missing = await operator('POST', `/v1/operator/tenants/${t.tenantId}/termination`, {});
    expect(missing.body.invalidParams[0].name).toBe('reason');
    const ended = await operator('POST', `/v1/operator/tenants/${t.tenantId}/termination`, { reason: 'Repeated breach of the acceptable use policy' });
    expect(ended.body).toMatchObject({ state: 'ending', ending: { kind: 'termination', reason: 'Repeated breach of the acceptable use policy' } });
    const [mail] = await inboxOf(t.admin);
    expect(mail!.body.text).toContain('Repeated breach of the acceptable use policy');
  });
});
