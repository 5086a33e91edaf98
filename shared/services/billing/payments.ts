import { firstDayOf, lastDayOf, localDateOf, monthOf, monthsBetween, nextMonth } from '../../domain/billing/calendar.ts';
import { RuleViolation } from '../../domain/rule-violation.ts';
import { holdsData } from '../../domain/tenant.ts';
import type { OperatorAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import type { BillingAccount, CreditNote, Invoice, Payment, Plan } from '../../model/billing.ts';
import type * as z from 'zod/mini';
import type { issueCreditNoteBody, reactivationBody, recordPaymentBody } from '../../model/billing.ts';
import { newId } from '../../ids.ts';
import { paymentReceivedNotice, reactivatedNotice } from '../../notices/templates/billing.ts';
import { recordAudit } from '../../store/audit.ts';
import { billingRepository } from '../../store/billing.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { loadBilling } from './accounts.ts';
import { tenants } from '../../store/tenants.ts';
import { NumberSeries, claimNumbers, draftCreditNote, invoiceWithNumber, settle } from './documents.ts';
import { enter, mustTransition } from './lifecycle.ts';
import { sendBillingNotice } from './notices.ts';
import { oweAuthorizerFlush } from '../authorizer-cache.ts';

type PaymentInput = z.output<typeof recordPaymentBody>;

function paymentOf(invoice: Invoice, input: PaymentInput, auth: OperatorAuth, now: Date): Payment {
  if (input.paidOn > localDateOf(now)) throw new RuleViolation('paidOn', 'must not lie in the future', 'body');
  return {
    id: newId(now),
    invoiceId: invoice.id,
    amountCents: input.amountCents,
    currency: invoice.currency,
    paidOn: input.paidOn,
    reference: input.reference,
    recordedAt: now.toISOString(),
    recordedBy: auth.actor,
  };
}

async function invoiceOf(scope: TenantScope, invoiceId: string): Promise<Invoice> {
  const invoice = await billingRepository(scope).invoice(invoiceId);
  if (!invoice) throw new Problem('notFound', 'No such invoice');
  return invoice;
}

/**
 * A payment the operator records (bank transfer): partial payments add up; the invoice is paid
 * when its balance reaches zero. More than the balance is refused rather than kept as credit.
 */
export async function recordPayment(uow: UnitOfWork, scope: TenantScope, invoiceId: string, input: PaymentInput, auth: OperatorAuth, now: Date) {
  // A deleted tenant's invoices may still be paid; only its receipt has nobody to go to, and no
  // audit partition is made again behind its deletion.
  const tenant = await tenants.get(scope);
  const stillHeld = tenant !== undefined && holdsData(tenant);
  const invoice = await invoiceOf(scope, invoiceId);
  if (input.amountCents > invoice.balanceCents) {
    throw new RuleViolation('amountCents', `must not exceed the invoice's balance of ${invoice.balanceCents} cents`, 'body');
  }
  const payment = paymentOf(invoice, input, auth, now);
  const settled = settle(invoice, { paidCents: payment.amountCents });
  const repo = billingRepository(scope);
  repo.savePayment(uow, payment);
  repo.saveInvoice(uow, settled, invoice.version);
  if (stillHeld) recordAudit(uow, scope, { actor: auth.actor, action: 'create', entity: 'payment', entityId: payment.id, fields: ['amountCents', 'paidOn', 'reference'], at: now });
  return {
    payment,
    invoice: settled,
    afterCommit: async () => {
      if (!stillHeld) return;
      await sendBillingNotice(
        tenant,
        scope,
        'payment-received',
        payment.id,
        paymentReceivedNotice(tenant.language, {
          invoiceNumber: invoice.number,
          amount: { netCents: 0, vatCents: 0, totalCents: payment.amountCents, currency: payment.currency },
          balanceCents: settled.balanceCents,
          currency: payment.currency,
        }),
      );
    },
  };
}

/**
 * obligation: BIL-7 — a credit note (an SLA credit, a refund after a sub-processor objection, a
 * correction) reduces one invoice by a net amount plus its VAT, never beyond what was invoiced.
 */
export async function issueCreditNote(uow: UnitOfWork, scope: TenantScope, input: z.output<typeof issueCreditNoteBody>, auth: OperatorAuth, now: Date): Promise<CreditNote> {
  const invoice = await invoiceOf(scope, input.invoiceId);
  const grossCents = input.netCents + Math.round((input.netCents * invoice.vat.ratePercent) / 100);
  const creditable = invoice.totalCents - invoice.creditedCents;
  if (grossCents > creditable) {
    throw new RuleViolation('netCents', `with VAT must not exceed the ${creditable} cents of the invoice not yet credited`, 'body');
  }
  const numbers = new NumberSeries('CREDIT-NOTE');
  const year = Number(localDateOf(now).slice(0, 4));
  const { first } = await numbers.claim(uow, year);
  const creditNote = draftCreditNote(invoice, { reason: input.reason, grossCents, note: input.note, number: numbers.format(year, first) }, now);
  const repo = billingRepository(scope);
  repo.saveCreditNote(uow, creditNote);
  repo.saveInvoice(uow, settle(invoice, { creditedCents: grossCents }), invoice.version);
  const tenant = await tenants.get(scope);
  if (tenant && holdsData(tenant)) {
    recordAudit(uow, scope, { actor: auth.actor, action: 'create', entity: 'credit-note', entityId: creditNote.id, fields: ['reason', 'netCents'], at: now });
  }
  return creditNote;
}

/** The months of an annual plan's current plan year after `month`: what a reactivation leaves unpaid. */
function restOfPlanYear(plan: Plan, month: string): string[] {
  if (plan.interval !== 'annual') return [];
  const start = plan.startsOn.slice(0, 7);
  const [sy, sm] = start.split('-').map(Number) as [number, number];
  const [y, m] = month.split('-').map(Number) as [number, number];
  const since = (y - sy) * 12 + (m - sm);
  // Reactivated before the plan began: its whole first year is still to be paid.
  if (since < 0) return monthsBetween(start, nextMonth(start, 11));
  return monthsBetween(nextMonth(month), nextMonth(month, 11 - (since % 12)));
}

/**
 * obligation: DUN-4 — a dormant tenant is reactivated only by paying the amount frozen when it
 * went dormant. One transaction issues the paid reactivation invoice, cancels the older unpaid
 * invoices with credit notes (the fee replaces them, docs/decisions.md), and makes the tenant
 * active again with the current month settled by the fee. An annual plan's remaining months of
 * the plan year, paid in advance no more, are invoiced anew.
 */
export async function reactivate(uow: UnitOfWork, scope: TenantScope, input: z.output<typeof reactivationBody>, auth: OperatorAuth, now: Date) {
  const { tenant, account } = await loadBilling(scope);
  const next = mustTransition(account, 'reactivation-paid');
  const fee = account.dormancy!.reactivation;
  if (input.amountCents !== fee.totalCents) {
    throw new RuleViolation('amountCents', `must be the reactivation amount of ${fee.totalCents} cents`, 'body');
  }
  const repo = billingRepository(scope);
  const open: Invoice[] = [];
  for await (const invoice of repo.allInvoices()) if (invoice.balanceCents > 0) open.push(invoice);

  const month = monthOf(now);
  const plan = account.plan!;
  const rest = restOfPlanYear(plan, month);
  const invoiceNumbers = await claimNumbers(uow, new NumberSeries('INVOICE'), (fee.totalCents > 0 ? 1 : 0) + (rest.length > 0 ? 1 : 0), now);
  const issued: Invoice[] = [];
  if (fee.totalCents > 0) {
    const feeInvoice = invoiceWithNumber(invoiceNumbers.shift()!, {
      tenant,
      kind: 'reactivation',
      periodStart: firstDayOf(month),
      periodEnd: lastDayOf(month),
      currency: fee.currency,
      lines: [{ kind: 'reactivation', quantity: fee.seats, unitPriceCents: fee.unitPriceCents, months: 1, netCents: fee.netCents }],
      describedMonth: fee.month,
      now,
      vat: fee.vat,
    });
    const payment = paymentOf(feeInvoice, input, auth, now);
    repo.saveInvoice(uow, { ...settle(feeInvoice, { paidCents: payment.amountCents }), version: 1 }, 0);
    repo.savePayment(uow, payment);
    issued.push(feeInvoice);
  }
  if (rest.length > 0) {
    const seats = plan.committedSeats ?? 0;
    const remainder = invoiceWithNumber(invoiceNumbers.shift()!, {
      tenant,
      kind: 'subscription',
      periodStart: firstDayOf(rest[0]!),
      periodEnd: lastDayOf(rest.at(-1)!),
      currency: plan.currency,
      lines: [{ kind: 'annual', quantity: seats, unitPriceCents: plan.unitPriceCents, months: rest.length, netCents: seats * plan.unitPriceCents * rest.length }],
      describedMonth: rest[0]!,
      now,
    });
    repo.saveInvoice(uow, remainder, 0);
    issued.push(remainder);
  }

  const creditNumbers = await claimNumbers(uow, new NumberSeries('CREDIT-NOTE'), open.length, now);
  const replacedBy = issued.map((i) => i.number).join(', ');
  open.forEach((invoice, i) => {
    const creditNote = draftCreditNote(invoice, { reason: 'reactivation', grossCents: invoice.balanceCents, note: replacedBy, number: creditNumbers[i]! }, now);
    repo.saveCreditNote(uow, creditNote);
    repo.saveInvoice(uow, settle(invoice, { creditedCents: invoice.balanceCents }), invoice.version);
  });

  const { dormancy: _frozen, ...kept } = account;
  const active: BillingAccount = { ...enter(kept as BillingAccount, next, now.toISOString(), now), lastPeriod: month };
  repo.saveAccount(uow, active, account.version, account.state);
  recordAudit(uow, scope, { actor: auth.actor, action: 'update', entity: 'billing-account', entityId: scope.tenantId, fields: ['state'], at: now });
  // obligation: DUN-4, TEN-2 — the keys' full access returns at once; a failed flush stays owed.
  const flush = oweAuthorizerFlush(uow, scope, now);
  return {
    account: active,
    afterCommit: async () => {
      await flush();
      await sendBillingNotice(
        tenant,
        scope,
        'reactivated',
        account.dormancy!.invoiceId,
        reactivatedNotice(tenant.language, {
          invoiceNumber: replacedBy,
          total: { netCents: fee.netCents, vatCents: fee.vatCents, totalCents: fee.totalCents, currency: fee.currency },
          creditedInvoiceNumbers: open.map((i) => i.number),
        }),
      );
    },
  };
}
