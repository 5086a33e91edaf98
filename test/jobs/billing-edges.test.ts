import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../local/scheduler.ts';
import { addDays, firstDayOf, lastDayOf, localDateOf, monthOf, nextMonth, startOfDay } from '../../shared/domain/billing/calendar.ts';
import { sesApi } from '../../shared/clients/ses.ts';
import { sendNoticeOnce, sendNoticeToEach } from '../../shared/notices/outbox.ts';
import { invoiceTenantNow } from '../../shared/services/billing/invoicing.ts';
import { keys } from '../../shared/store/keys.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';
import { newSubject } from '../support/subjects.ts';

const ctx = useApi();
const MINUTE = 60_000;
const thisMonth = monthOf(new Date());
const today = localDateOf(new Date());

async function tenant(plan: Record<string, unknown>, endUsers = 0) {
  const admin = `admin-${randomBytes(4).toString('hex')}@edge.example`;
  const t = await newTenantWithKey(ctx.api, ['admin', 'capture'], { contacts: { administrator: { name: 'Ana Admin', email: admin } } });
  for (let i = 0; i < endUsers; i++) await newSubject(ctx.api, t.key);
  const assigned = await operator('POST', `/v1/operator/tenants/${t.tenantId}/plan`, plan);
  expect(assigned.status).toBe(200);
  return { ...t, admin };
}

function operator(method: 'GET' | 'POST', path: string, body?: unknown) {
  return request(ctx.api, method, path, {
    token: OPERATOR_TOKEN,
    ...(body === undefined ? {} : { body }),
    ...(method === 'POST' ? { headers: { 'Idempotency-Key': randomBytes(8).toString('hex') } } : {}),
  });
}

const invoicesOf = async (tenantId: string) =>
  (await allItems()).filter((i) => i.type === 'invoice' && i.tenantId === tenantId).sort((a, b) => String(a.number).localeCompare(String(b.number)));

describe('outbox', () => {
  it('SEC-5 DUN-1 a notice to two contacts keeps a record per contact: a refused address silences nobody, a failed one repeats nothing to the other', async () => {
    const t = await newTenantWithKey(ctx.api);
    const scope = TenantScope.named(t.tenantId);
    const tag = randomBytes(4).toString('hex');
    const billing = `billing-${tag}@edge.example`;
    const refused = `refused-${tag}@edge.example`;
    const flaky = `flaky-${tag}@edge.example`;
    const message = { subject: 'Invoice', text: 'Your invoice.', html: '<p>Your invoice.</p>' };
    const { client: ses } = await sesApi();
    let flakyFailures = 1;
    ses.middlewareStack.add(
      (next) => async (args) => {
        const to = (args.input as { Destination: { ToAddresses: string[] } }).Destination.ToAddresses[0];
        if (to === refused) throw Object.assign(new Error('Address blacklisted.'), { name: 'MessageRejected' });
        if (to === flaky && flakyFailures-- > 0) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
        return next(args);
      },
      { step: 'initialize', name: 'sesPerAddress' },
    );
    try {
      // The administrator's address is refused for good: the billing contact still gets it, once.
      const notice = { kind: 'probe-invoice', subjectId: 'one', ...message, recipients: [{ role: 'administrator' as const, address: refused }, { role: 'billing' as const, address: billing }] };
      expect(await sendNoticeToEach(scope, notice)).toBe('sent');
      expect(await sendNoticeToEach(scope, notice)).toBe('already-sent');
      // The second address fails for a moment: the retry sends to it, and not again to the first.
      const second = { kind: 'probe-invoice', subjectId: 'two', ...message, recipients: [{ role: 'billing' as const, address: billing }, { role: 'administrator' as const, address: flaky }] };
      await expect(sendNoticeToEach(scope, second)).rejects.toThrow('Rate exceeded');
      expect(await sendNoticeToEach(scope, second)).toBe('sent');
    } finally {
      ses.middlewareStack.remove('sesPerAddress');
    }
    expect(await inboxOf(billing)).toHaveLength(2);
    expect(await inboxOf(flaky)).toHaveLength(1);
    expect(await inboxOf(refused)).toHaveLength(0);
    const records = (await allItems()).filter((i) => i.pk === keys.noticePartition(t.tenantId) && i.kind === 'probe-invoice');
    expect(records.map((r) => [r.subjectId, r.status]).sort()).toEqual([
      ['one#administrator', 'rejected'],
      ['one#billing', 'sent'],
      ['two#administrator', 'sent'],
      ['two#billing', 'sent'],
    ]);
  });

  it('SEC-5 BRE-2 an address SES refuses for good is recorded as rejected once and not retried, so it blocks nothing', async () => {
    const t = await newTenantWithKey(ctx.api);
    const scope = TenantScope.named(t.tenantId);
    const address = `rejected-${randomBytes(4).toString('hex')}@edge.example`;
    const notice = { kind: 'probe-rejected', subjectId: 'one', subject: 'Probe', text: 'probe', html: '<p>probe</p>', recipients: [{ role: 'administrator' as const, address }] };
    const { client: ses } = await sesApi();
    ses.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error('Address blacklisted.'), { name: 'MessageRejected' });
      },
      { step: 'initialize', name: 'sesRejects' },
    );
    try {
      expect(await sendNoticeOnce(scope, notice)).toBe('rejected');
    } finally {
      ses.middlewareStack.remove('sesRejects');
    }
    expect(await sendNoticeOnce(scope, notice)).toBe('rejected');
    expect(await inboxOf(address)).toHaveLength(0);
    const [record] = (await allItems()).filter((i) => i.pk === keys.noticePartition(t.tenantId) && i.kind === 'probe-rejected');
    expect(record).toMatchObject({ status: 'rejected', rejection: 'MessageRejected' });
  });
});

describe('billing edge cases', () => {
  it('BIL-1 BIL-4 a plan change waits for a period not yet invoiced, and an annual plan can only be left when its year ends', async () => {
    const t = await tenant({ interval: 'monthly', unitPriceCents: 500, currency: 'EUR' }, 1);
    await invoiceTenantNow(t.tenantId, new Date()); // this month settled (nothing due: no end users last month)
    const early = await operator('POST', `/v1/operator/tenants/${t.tenantId}/plan`, { interval: 'monthly', unitPriceCents: 700, currency: 'EUR', startsOn: firstDayOf(thisMonth) });
    expect(early.body.invalidParams[0].name).toBe('startsOn');
    const later = firstDayOf(nextMonth(thisMonth, 3));
    const scheduled = await operator('POST', `/v1/operator/tenants/${t.tenantId}/plan`, { interval: 'monthly', unitPriceCents: 700, currency: 'EUR', startsOn: later });
    expect(scheduled.body).toMatchObject({ plan: { unitPriceCents: 500 }, nextPlan: { unitPriceCents: 700, startsOn: later } });
    // The months before the new plan are billed by the old one, then the new one takes over.
    const run = new Date(startOfDay(later).getTime() + 30 * MINUTE);
    await invoiceTenantNow(t.tenantId, run);
    const invoices = await invoicesOf(t.tenantId);
    expect(invoices.map((i) => [i.periodStart, (i.lines as { unitPriceCents: number }[])[0]!.unitPriceCents])).toEqual([
      [firstDayOf(nextMonth(thisMonth)), 500],
      [firstDayOf(nextMonth(thisMonth, 2)), 500],
      [later, 700],
    ]);
    const account = await operator('GET', `/v1/operator/tenants/${t.tenantId}/billing`);
    expect(account.body.plan).toMatchObject({ unitPriceCents: 700 });
    expect(account.body.nextPlan).toBeUndefined();

    const annual = await tenant({ interval: 'annual', unitPriceCents: 500, currency: 'EUR', committedSeats: 2 });
    await invoiceTenantNow(annual.tenantId, new Date());
    const midYear = await operator('POST', `/v1/operator/tenants/${annual.tenantId}/plan`, { interval: 'monthly', unitPriceCents: 500, currency: 'EUR' });
    expect(midYear.status).toBe(400);
    expect(midYear.body.invalidParams[0]).toMatchObject({ name: 'startsOn', reason: expect.stringContaining('plan year') });
    const atYearEnd = await operator('POST', `/v1/operator/tenants/${annual.tenantId}/plan`, { interval: 'monthly', unitPriceCents: 500, currency: 'EUR', startsOn: firstDayOf(nextMonth(thisMonth, 12)) });
    expect(atYearEnd.status).toBe(200);
  });

  it('DUN-4 reactivating an annual plan re-invoices the rest of the plan year instead of writing it off', async () => {
    const t = await tenant({ interval: 'annual', unitPriceCents: 1000, currency: 'EUR', committedSeats: 10 });
    const [annualId] = await invoiceTenantNow(t.tenantId, new Date());
    const [annual] = await invoicesOf(t.tenantId);
    expect(annual).toMatchObject({ id: annualId, totalCents: 146400 });
    await runJob('dormancy', new Date(Date.parse(annual!.dormantAt as string) + 5 * MINUTE));
    const dormant = await operator('GET', `/v1/operator/tenants/${t.tenantId}/billing`);
    const fee = dormant.body.dormancy.reactivation;
    expect(fee).toMatchObject({ seats: 10, netCents: 10000, totalCents: 12200 });
    const reactivated = await operator('POST', `/v1/operator/tenants/${t.tenantId}/reactivation`, { amountCents: 12200, paidOn: today, reference: 'bank' });
    expect(reactivated.status).toBe(200);
    const [old, feeInvoice, remainder] = await invoicesOf(t.tenantId);
    expect(old).toMatchObject({ id: annualId, status: 'credited', balanceCents: 0 });
    expect(feeInvoice).toMatchObject({ kind: 'reactivation', status: 'paid', totalCents: 12200 });
    // Reactivated in the plan's first month: eleven months of the year remain, invoiced anew.
    expect(remainder).toMatchObject({
      kind: 'subscription',
      status: 'open',
      periodStart: firstDayOf(nextMonth(thisMonth)),
      periodEnd: lastDayOf(nextMonth(thisMonth, 11)),
      netCents: 10 * 1000 * 11,
    });
  });

  it('DUN-4 a tenant reactivated and unpaid again goes dormant again, with a new fee and deletion date', async () => {
    const t = await tenant({ interval: 'monthly', unitPriceCents: 500, currency: 'EUR' }, 2);
    const first = new Date(startOfDay(firstDayOf(nextMonth(thisMonth))).getTime() + 30 * MINUTE);
    await runJob('invoicing', first);
    const [invoice] = await invoicesOf(t.tenantId);
    await runJob('dormancy', new Date(Date.parse(invoice!.dormantAt as string) + MINUTE));
    await operator('POST', `/v1/operator/tenants/${t.tenantId}/reactivation`, { amountCents: 1220, paidOn: today, reference: 'bank' });
    // The next regular invoice (for the month after the reactivation) goes unpaid too.
    const second = new Date(startOfDay(firstDayOf(nextMonth(thisMonth))).getTime() + 45 * MINUTE);
    await runJob('invoicing', second);
    const next = (await invoicesOf(t.tenantId)).find((i) => i.kind === 'subscription' && i.status === 'open')!;
    expect(next).toBeDefined();
    await runJob('dormancy', new Date(Date.parse(next.dormantAt as string) + MINUTE));
    const again = await operator('GET', `/v1/operator/tenants/${t.tenantId}/billing`);
    expect(again.body).toMatchObject({ state: 'dormant', dormancy: { invoiceId: next.id, deleteAt: next.deleteAt } });
    expect((await request(ctx.api, 'GET', '/v1/subjects', { token: t.key })).status).toBe(402);
  });

  it('BIL-6 DUN-2 a cancelled contract left unpaid ends at the dormancy date, with a warning a week before', async () => {
    const t = await tenant({ interval: 'annual', unitPriceCents: 1000, currency: 'EUR', committedSeats: 1 });
    await invoiceTenantNow(t.tenantId, new Date());
    const cancelled = await request(ctx.api, 'POST', '/v1/billing/cancellation', { token: t.key, body: { confirm: true } });
    expect(cancelled.body.state).toBe('ending');
    const [invoice] = await invoicesOf(t.tenantId);
    expect(String(invoice!.dormantAt) < String(cancelled.body.ending.endsAt)).toBe(true);
    const warnDay = new Date(startOfDay(addDays(localDateOf(new Date(invoice!.dormantAt as string)), -7)).getTime() + 9 * 60 * MINUTE);
    const dunning = await runJob('dunning', warnDay);
    expect(dunning.warningsSent).toBeGreaterThanOrEqual(1);
    expect((await inboxOf(t.admin)).at(-1)!.subject).toContain('deleted');
    expect(await runJob('dormancy', new Date(Date.parse(invoice!.dormantAt as string) + MINUTE))).toMatchObject({ madeDormant: 0, deletionsStarted: 1 });
    const ended = await operator('GET', `/v1/operator/tenants/${t.tenantId}/billing`);
    expect(ended.body).toMatchObject({ state: 'deleting', ending: { endsAt: invoice!.dormantAt } });
    expect((await request(ctx.api, 'GET', '/v1/subjects', { token: t.key })).status).toBe(401);
  });

  it('TRM-3 terminating a dormant tenant starts its deletion at once', async () => {
    const t = await tenant({ interval: 'annual', unitPriceCents: 1000, currency: 'EUR', committedSeats: 1 });
    await invoiceTenantNow(t.tenantId, new Date());
    const [invoice] = await invoicesOf(t.tenantId);
    await runJob('dormancy', new Date(Date.parse(invoice!.dormantAt as string) + MINUTE));
    const terminated = await operator('POST', `/v1/operator/tenants/${t.tenantId}/termination`, { reason: 'Unpaid and unreachable' });
    expect(terminated.body).toMatchObject({ state: 'deleting', ending: { kind: 'termination', reason: 'Unpaid and unreachable' } });
    expect((await request(ctx.api, 'POST', `/v1/subjects/${randomBytes(13).toString('hex')}/time-entries`, { token: t.key, body: {} })).status).toBe(401);
    expect((await invoicesOf(t.tenantId))[0]).toMatchObject({ dunningStoppedAt: expect.any(String) });
  });

  it('SEC-5 DUN-5 a failed send gives its claim back, so the retry sends at once instead of waiting out the lease', async () => {
    const t = await newTenantWithKey(ctx.api);
    const scope = TenantScope.named(t.tenantId);
    const address = `probe-${randomBytes(4).toString('hex')}@edge.example`;
    const notice = { kind: 'probe', subjectId: 'one', subject: 'Probe', text: 'probe', html: '<p>probe</p>', recipients: [{ role: 'administrator' as const, address }] };
    // The real SES client, made to fail its next call as an outage would.
    const { client: ses } = await sesApi();
    ses.middlewareStack.add(
      () => async () => {
        throw new Error('SES is unavailable');
      },
      { step: 'initialize', name: 'sesOutage' },
    );
    try {
      await expect(sendNoticeOnce(scope, notice)).rejects.toThrow('SES is unavailable');
    } finally {
      ses.middlewareStack.remove('sesOutage');
    }
    expect((await allItems()).filter((i) => i.pk === keys.noticePartition(t.tenantId))).toEqual([]);
    expect(await sendNoticeOnce(scope, notice)).toBe('sent');
    expect(await inboxOf(address)).toHaveLength(1);
  });
});
