import { firstDayOf, lastDayOf, monthOf, monthsBetween, nextMonth, previousMonth } from '../../domain/billing/calendar.ts';
import type { Month } from '../../domain/billing/calendar.ts';
import { chargesFor } from '../../domain/billing/charges.ts';
import { LIFECYCLE } from '../../domain/billing/lifecycle.ts';
import type { BillingAccount, MeterReading } from '../../model/billing.ts';
import type { JobSummary } from '../../jobs/handler.ts';
import { invoiceIssuedNotice } from '../../notices/templates/billing.ts';
import { logger } from '../../powertools/logger.ts';
import { accountsIn, billingRepository } from '../../store/billing.ts';
import { monthPeak } from '../../store/seat-meter.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { ConditionFailed, UnitOfWork } from '../../store/unit-of-work.ts';
import { loadBilling, planFor } from './accounts.ts';
import type { Billing } from './accounts.ts';
import { requireTenant } from '../tenants.ts';
import { NumberSeries, draftInvoice } from './documents.ts';
import { sendBillingNotice } from './notices.ts';

/** The billing periods that have started and are not settled yet: every missed one is caught up. */
export function periodsDue(account: BillingAccount, now: Date): Month[] {
  if (!account.plan || !LIFECYCLE.states[account.state].invoiced) return [];
  const from = account.lastPeriod === undefined ? account.plan.startsOn.slice(0, 7) : nextMonth(account.lastPeriod);
  // An ending contract's last period is the one before its end (BIL-6): nothing after is billed.
  const endsAt = account.ending?.endsAt;
  const last = endsAt === undefined ? monthOf(now) : [monthOf(now), previousMonth(monthOf(new Date(endsAt)))].sort()[0]!;
  return monthsBetween(from, last);
}

/** Tenants invoiced at once: reads, meter and e-mail overlap; DynamoDB Local and SES keep up. */
const CONCURRENT_TENANTS = 8;

interface Totals {
  invoicesIssued: number;
  nothingDue: number;
  noticesSent: number;
  /** Ids of the invoices issued, in order. */
  issued: string[];
}

/**
 * obligation: BIL-3, BIL-9 — settles one period: its invoice, its number and the account's
 * "last period" in one transaction conditioned on the account as read, so a rerun or a second
 * run at once cannot invoice a period twice. A period that owes nothing is settled without an
 * invoice (no zero invoices). Returns the account as it now stands.
 */
async function settlePeriod(billing: Billing, numbers: NumberSeries, period: Month, now: Date, totals: Totals): Promise<BillingAccount> {
  const { tenant, account } = billing;
  const scope = TenantScope.named(tenant.id);
  const plan = planFor(account, period)!;
  const previous = previousMonth(period);
  const reading = await monthPeak(scope.tenantId, previous);
  const lines = chargesFor(plan, period, () => reading);
  const repo = billingRepository(scope);
  const netCents = lines.reduce((sum, l) => sum + l.netCents, 0);
  const annual = lines.some((l) => l.kind === 'annual');
  // A scheduled plan becomes the plan with the first period it bills.
  const { nextPlan, ...rest } = account;
  const promoted = nextPlan !== undefined && plan === nextPlan;
  const next: BillingAccount = {
    ...(promoted ? { ...rest, plan: nextPlan } : account),
    lastPeriod: period,
    version: account.version + 1,
    updatedAt: now.toISOString(),
  };
  // Only the claim of a number and its commit run one tenant at a time: the series stays gapless.
  const draft = await numbers.serially(async () => {
    const uow = new UnitOfWork();
    const drafted =
      netCents > 0
        ? await draftInvoice(uow, numbers, {
            tenant,
            kind: 'subscription',
            periodStart: firstDayOf(period),
            periodEnd: lastDayOf(annual ? nextMonth(period, 11) : period),
            currency: plan.currency,
            lines,
            describedMonth: period,
            now,
          })
        : undefined;
    if (drafted) repo.saveInvoice(uow, drafted.invoice, 0);
    repo.saveAccount(uow, next, account.version, account.state);
    try {
      await uow.commit();
    } catch (error) {
      if (error instanceof ConditionFailed && error.label.startsWith('sequence-')) numbers.forget();
      throw error;
    }
    drafted?.confirm();
    return drafted;
  });
  if (!draft) {
    totals.nothingDue++;
    return next;
  }
  totals.invoicesIssued++;
  totals.issued.push(draft.invoice.id);
  const sent = await sendBillingNotice(tenant, scope, 'invoice-issued', draft.invoice.id, invoiceIssuedNotice(tenant.language, draft.invoice));
  if (sent === 'sent') totals.noticesSent++;
  return next;
}

/**
 * Settles a tenant's due periods in order, starting from the account as the index listed it; a
 * stale listing or a race with another run fails the condition and is retried from a fresh read.
 */
async function invoiceTenant(listed: BillingAccount, numbers: NumberSeries, now: Date, totals: Totals): Promise<void> {
  const scope = TenantScope.named(listed.tenantId);
  let billing: Billing = { tenant: await requireTenant(scope), account: listed };
  for (let races = 0; races < 5; ) {
    const due = periodsDue(billing.account, now);
    if (due.length === 0) return;
    try {
      billing = { ...billing, account: await settlePeriod(billing, numbers, due[0]!, now, totals) };
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
      races++;
      billing = await loadBilling(scope);
    }
  }
  throw new Error('Invoicing kept racing another run');
}

/**
 * obligation: BIL-3 — the invoicing job: every active tenant with a plan gets the invoice of each
 * period that has started, at its start or, after a missed run, at the next run. One tenant's
 * failure does not hold up the others; the run then fails so the scheduler retries it.
 */
export async function runInvoicing(now: Date): Promise<JobSummary> {
  const numbers = new NumberSeries('INVOICE');
  const totals: Totals = { invoicesIssued: 0, nothingDue: 0, noticesSent: 0, issued: [] };
  let accounts = 0;
  let failed = 0;
  const invoiceOne = async (listed: BillingAccount) => {
    try {
      await invoiceTenant(listed, numbers, now, totals);
    } catch (error) {
      failed++;
      numbers.forget();
      logger.error('invoicing failed for a tenant', { tenantId: listed.tenantId, errorName: (error as Error).name });
    }
  };
  // Tenants are read, metered and mailed several at a time; numbers are claimed one at a time.
  const running = new Set<Promise<void>>();
  for (const state of ['active', 'ending'] as const) {
    for await (const listed of accountsIn(state)) {
      accounts++;
      if (periodsDue(listed, now).length === 0) continue;
      const task: Promise<void> = invoiceOne(listed).finally(() => running.delete(task));
      running.add(task);
      if (running.size >= CONCURRENT_TENANTS) await Promise.race(running);
    }
  }
  await Promise.all(running);
  const { issued: _ids, ...counts } = totals;
  const summary = { accounts, ...counts, failed };
  if (failed > 0) throw new Error(`Invoicing failed for ${failed} tenant(s): ${JSON.stringify(summary)}`);
  return summary;
}

/** Invoices one tenant's due periods at `now`, as the job does; returns the new invoices' ids. */
export async function invoiceTenantNow(tenantId: string, now: Date): Promise<string[]> {
  const totals: Totals = { invoicesIssued: 0, nothingDue: 0, noticesSent: 0, issued: [] };
  const { account } = await loadBilling(TenantScope.named(tenantId));
  await invoiceTenant(account, new NumberSeries('INVOICE'), now, totals);
  return totals.issued;
}
