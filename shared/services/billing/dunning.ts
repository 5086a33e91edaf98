import { deletionWarningDue, remindersDue } from '../../domain/billing/deadlines.ts';
import type { BillingAccount } from '../../model/billing.ts';
import type { JobSummary } from '../../jobs/handler.ts';
import { deletionWarningNotice, invoiceIssuedNotice, invoiceReminderNotice } from '../../notices/templates/billing.ts';
import type { NoticeOutcome } from '../../notices/outbox.ts';
import { logger } from '../../powertools/logger.ts';
import { accountsIn, billingRepository, unpaidInvoices } from '../../store/billing.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { loadBilling } from './accounts.ts';
import type { Billing } from './accounts.ts';
import { sellerDetails } from '../../config/seller.ts';
import { sendDormantNotice } from './dormancy.ts';
import { sendBillingNotice } from './notices.ts';


/**
 * obligation: DUN-1, DUN-5 — the dunning job: the reminders of every unpaid invoice on the
 * cadence (deadlines.ts), the dormancy notice if a crash lost it, and the deletion warnings 30
 * and 7 days ahead. Every notice goes through the outbox: once, however often the job runs.
 */
export async function runDunning(now: Date): Promise<JobSummary> {
  const summary = { remindersSent: 0, warningsSent: 0, alreadySent: 0, failed: 0 };
  const billingOf = new Map<string, Promise<Billing>>();
  const load = (tenantId: string) => {
    if (!billingOf.has(tenantId)) billingOf.set(tenantId, loadBilling(TenantScope.named(tenantId)));
    return billingOf.get(tenantId)!;
  };
  const tally = (outcome: NoticeOutcome, counter: 'remindersSent' | 'warningsSent') => {
    if (outcome === 'sent') summary[counter]++;
    else summary.alreadySent++;
  };
  const guarded = async (tenantId: string, step: () => Promise<void>) => {
    try {
      await step();
    } catch (error) {
      // One refused address must not hold up the other tenants' notices.
      summary.failed++;
      logger.error('dunning failed for a tenant', { tenantId, errorName: (error as Error).name });
    }
  };

  for await (const listed of unpaidInvoices()) {
    await guarded(listed.tenantId, async () => {
      const { tenant, account } = await load(listed.tenantId);
      // A dormant tenant was told what to pay instead; an ending one still owes its invoices.
      if (account.state !== 'active' && account.state !== 'ending') return;
      const scope = TenantScope.named(tenant.id);
      const invoice = await billingRepository(scope).invoice(listed.id);
      if (!invoice || invoice.balanceCents <= 0) return;
      for (const kind of remindersDue(invoice.reminders, now)) {
        if (kind === 'dormancy-warning' && account.state === 'ending') {
          // An ending contract left unpaid ends at the dormancy instant (decision 45): warn of that.
          if (account.ending && invoice.dormantAt < account.ending.endsAt) {
            const message = deletionWarningNotice(tenant.language, { deleteAt: invoice.dormantAt, daysAhead: 7, cause: 'contract-end' });
            tally(await sendBillingNotice(tenant, scope, 'deletion-warning-7', invoice.dormantAt, message), 'warningsSent');
          }
          continue;
        }
        const message = kind === 'issued' ? invoiceIssuedNotice(tenant.language, invoice) : invoiceReminderNotice(tenant.language, invoice, kind);
        tally(await sendBillingNotice(tenant, scope, `invoice-${kind}`, invoice.id, message), 'remindersSent');
      }
    });
  }

  const warn = async (account: BillingAccount, deleteAt: string, cause: 'dormancy' | 'contract-end') => {
    const days = deletionWarningDue(deleteAt, now);
    if (days === undefined) return;
    const { tenant } = await load(account.tenantId);
    const reactivation = account.dormancy?.reactivation;
    const message = deletionWarningNotice(tenant.language, {
      deleteAt,
      daysAhead: days,
      cause,
      ...(reactivation ? { reactivation, iban: sellerDetails().iban, paymentReference: reactivation.paymentReference } : {}),
    });
    tally(await sendBillingNotice(tenant, TenantScope.named(tenant.id), `deletion-warning-${days}`, deleteAt, message), 'warningsSent');
  };

  for await (const listed of accountsIn('dormant')) {
    await guarded(listed.tenantId, async () => {
      const { tenant, account } = await load(listed.tenantId);
      if (account.state !== 'dormant' || !account.dormancy) return;
      const invoice = await billingRepository(TenantScope.named(tenant.id)).invoice(account.dormancy.invoiceId);
      tally(await sendDormantNotice(tenant, account, invoice?.number ?? ''), 'warningsSent');
      await warn(account, account.dormancy.deleteAt, 'dormancy');
    });
  }
  for await (const listed of accountsIn('ending')) {
    await guarded(listed.tenantId, async () => {
      const { account } = await load(listed.tenantId);
      if (account.state === 'ending' && account.ending) await warn(account, account.ending.endsAt, 'contract-end');
    });
  }
  // A failed run is retried by the scheduler; what was sent is not sent again.
  if (summary.failed > 0) throw new Error(`Dunning failed for ${summary.failed} notice(s): ${JSON.stringify(summary)}`);
  return summary;
}
