import { monthOf, previousMonth } from '../../domain/billing/calendar.ts';
import { reactivationCharge } from '../../domain/billing/charges.ts';
import { transition } from '../../domain/billing/lifecycle.ts';
import type { LifecycleEvent } from '../../domain/billing/lifecycle.ts';
import { vatOn, vatTreatment } from '../../domain/billing/vat.ts';
import type { BillingAccount } from '../../model/billing.ts';
import type { Tenant } from '../../model/tenant.ts';
import type { JobSummary } from '../../jobs/handler.ts';
import { dormantNotice } from '../../notices/templates/billing.ts';
import { logger } from '../../powertools/logger.ts';
import { accountsIn, billingRepository, unpaidInvoices } from '../../store/billing.ts';
import { monthPeak } from '../../store/seat-meter.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { ConditionFailed, UnitOfWork } from '../../store/unit-of-work.ts';
import { loadBilling } from './accounts.ts';
import { sellerDetails } from '../../config/seller.ts';
import { enter } from './lifecycle.ts';
import { enterDeletion } from './deletion-start.ts';
import { sendBillingNotice } from './notices.ts';
import { oweAuthorizerFlush, payOwedFlushes } from '../authorizer-cache.ts';

/** obligation: DUN-3 — tells a dormant tenant what works, what to pay and when its data goes; once. */
export function sendDormantNotice(tenant: Tenant, account: BillingAccount, invoiceNumber: string) {
  const dormancy = account.dormancy!;
  return sendBillingNotice(
    tenant,
    TenantScope.named(tenant.id),
    'dormant',
    dormancy.invoiceId,
    dormantNotice(tenant.language, {
      since: dormancy.since,
      deleteAt: dormancy.deleteAt,
      reactivation: dormancy.reactivation,
      iban: sellerDetails().iban,
      paymentReference: dormancy.reactivation.paymentReference,
      invoiceNumber,
    }),
  );
}

/**
 * obligation: DUN-2, DUN-4 — an invoice unpaid 30 days after its due date makes the tenant
 * dormant, as of the invoice's stored dormancy instant (not the run's time), with the
 * reactivation fee frozen at the price of the last month it was fully active.
 */
async function makeDormant(tenantId: string, invoiceId: string, now: Date, flushed: (ok: boolean) => void): Promise<'madeDormant' | 'deletionsStarted' | undefined> {
  const scope = TenantScope.named(tenantId);
  const { tenant, account } = await loadBilling(scope);
  const repo = billingRepository(scope);
  const invoice = await repo.invoice(invoiceId);
  const next = transition(account.state, 'dormancy-date-passed');
  if (!next || !invoice || invoice.balanceCents <= 0 || Date.parse(invoice.dormantAt) > now.getTime() || !account.plan) return undefined;
  if (next.to === 'deleting') {
    // An ending contract left unpaid ends now, at the dormancy instant (decision 45).
    const uow = new UnitOfWork();
    const ended = { ...account, ending: { ...account.ending!, endsAt: invoice.dormantAt } };
    // Stopping the dunning of this very invoice is conditioned on its version: a payment wins.
    await enterDeletion(uow, repo, ended, next, invoice.dormantAt, now);
    const flush = oweAuthorizerFlush(uow, scope, now);
    await uow.commit();
    flushed(await flush());
    return 'deletionsStarted';
  }
  const lastActive = previousMonth(monthOf(new Date(invoice.dormantAt)));
  const charge = reactivationCharge(account.plan, await monthPeak(tenantId, lastActive));
  const vat = vatOn(charge.netCents, vatTreatment(tenant), tenant.language);
  const dormant: BillingAccount = {
    ...enter(account, next, invoice.dormantAt, now),
    dormancy: {
      since: invoice.dormantAt,
      invoiceId: invoice.id,
      deleteAt: invoice.deleteAt,
      reactivation: {
        netCents: charge.netCents,
        vatCents: vat.amountCents,
        totalCents: charge.netCents + vat.amountCents,
        currency: account.plan.currency,
        month: lastActive,
        seats: charge.quantity,
        unitPriceCents: charge.unitPriceCents,
        vat,
        paymentReference: `SI00 R${invoice.number}`,
      },
    },
  };
  const uow = new UnitOfWork();
  repo.saveAccount(uow, dormant, account.version, account.state);
  // A payment or credit recorded since the read must win: no dormancy for a settled invoice.
  repo.mustBeUnchanged(uow, invoice);
  // obligation: DUN-3, TEN-2 — capture only, at once: the flush is owed in the same transaction.
  const flush = oweAuthorizerFlush(uow, scope, now);
  await uow.commit();
  flushed(await flush());
  await sendDormantNotice(tenant, dormant, invoice.number);
  return 'madeDormant';
}

/** obligation: DUN-5, DUN-6 — at the deletion date or the contract's end, the keys stop and the deletion job takes over. */
async function startDueDeletion(tenantId: string, event: LifecycleEvent, now: Date, flushed: (ok: boolean) => void): Promise<boolean> {
  const scope = TenantScope.named(tenantId);
  const { account } = await loadBilling(scope);
  const next = transition(account.state, event);
  const dueAt = account.state === 'dormant' ? account.dormancy?.deleteAt : account.ending?.endsAt;
  if (!next || dueAt === undefined || Date.parse(dueAt) > now.getTime()) return false;
  const uow = new UnitOfWork();
  await enterDeletion(uow, billingRepository(scope), account, next, dueAt, now);
  const flush = oweAuthorizerFlush(uow, scope, now);
  await uow.commit();
  flushed(await flush());
  return true;
}

/**
 * The dormancy job: makes tenants dormant whose oldest unpaid invoice passed its dormancy instant,
 * and hands tenants whose deletion date or contract end has come to the deletion job. Each step
 * re-reads and re-checks, so a rerun or a late run does each thing once.
 */
export async function runDormancy(now: Date): Promise<JobSummary> {
  // obligation: TEN-2 — flushes earlier changes still owe are paid first.
  const earlier = await payOwedFlushes();
  const summary = { madeDormant: 0, deletionsStarted: 0, failed: 0, flushesOwed: earlier.paid ? 0 : earlier.owed };
  const flushed = (ok: boolean) => void (ok || summary.flushesOwed++);
  type Outcome = 'madeDormant' | 'deletionsStarted' | undefined;
  const attempt = async (what: string, tenantId: string, step: () => Promise<Outcome>) => {
    try {
      const outcome = await step();
      if (outcome) summary[outcome]++;
    } catch (error) {
      if (error instanceof ConditionFailed) return; // another run changed the account first
      summary.failed++;
      logger.error(`${what} failed`, { tenantId, errorName: (error as Error).name });
    }
  };
  const seen = new Set<string>();
  const due: { id: string; tenantId: string }[] = [];
  for await (const invoice of unpaidInvoices(now.toISOString())) {
    if (seen.has(invoice.tenantId)) continue;
    seen.add(invoice.tenantId);
    due.push({ id: invoice.id, tenantId: invoice.tenantId });
  }
  for (const { id, tenantId } of due) await attempt('dormancy', tenantId, () => makeDormant(tenantId, id, now, flushed));
  for await (const account of accountsIn('dormant', now.toISOString())) {
    await attempt('deletion start', account.tenantId, async () => ((await startDueDeletion(account.tenantId, 'deletion-date-passed', now, flushed)) ? 'deletionsStarted' : undefined));
  }
  for await (const account of accountsIn('ending', now.toISOString())) {
    await attempt('deletion start', account.tenantId, async () => ((await startDueDeletion(account.tenantId, 'contract-end-passed', now, flushed)) ? 'deletionsStarted' : undefined));
  }
  // A flush still owed fails the run too: the scheduler's retry pays it first thing.
  if (summary.failed > 0 || summary.flushesOwed > 0) throw new Error(`Dormancy job failed for ${summary.failed} tenant(s), ${summary.flushesOwed} flush(es) owed: ${JSON.stringify(summary)}`);
  return summary;
}
