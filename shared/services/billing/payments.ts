import { firstDayOf, lastDayOf, localDateOf, monthOf } from '../../domain/billing/calendar.ts';
import { RuleViolation } from '../../domain/rule-violation.ts';
import { flushAuthorizerCache } from '../../clients/api-gateway.ts';
import type { OperatorAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import type { BillingAccount, CreditNote, Invoice, Payment } from '../../http/schemas/billing.ts';
import type * as z from 'zod/mini';
import type { issueCreditNoteBody, reactivationBody, recordPaymentBody } from '../../http/schemas/billing.ts';
import { newId } from '../../ids.ts';
import { paymentReceivedNotice, reactivatedNotice } from '../../notices/templates/billing.ts';
import { recordAudit } from '../../store/audit.ts';
import { billingRepository } from '../../store/billing.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { loadBilling } from './accounts.ts';
import { tenants } from '../../store/tenants.ts';
import { NumberSeries, draftCreditNote, draftInvoice, settle } from './documents.ts';
import { enter, mustTransition } from './lifecycle.ts';
import { sendBillingNotice } from './notices.ts';

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
  // A deleted tenant's invoices may still be paid; only its receipt has nobody to go to.
  const tenant = await tenants.get(scope);
  const invoice = await invoiceOf(scope, invoiceId);
  if (input.amountCents > invoice.balanceCents) {
    throw new RuleViolation('amountCents', `must not exceed the invoice's balance of ${invoice.balanceCents} cents`, 'body');
  }
  const payment = paymentOf(invoice, input, auth, now);
  const settled = settle(invoice, { paidCents: payment.amountCents });
  const repo = billingRepository(scope);
  repo.savePayment(uow, payment);
  repo.saveInvoice(uow, settled, invoice.version);
  recordAudit(uow, scope, { actor: auth.actor, action: 'create', entity: 'payment', entityId: payment.id, fields: ['amountCents', 'paidOn', 'reference'], at: now });
  return {
    payment,
    invoice: settled,
    afterCommit: async () => {
      if (!tenant || tenant.status === 'deleted') return;
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
  recordAudit(uow, scope, { actor: auth.actor, action: 'create', entity: 'credit-note', entityId: creditNote.id, fields: ['reason', 'netCents'], at: now });
  return creditNote;
}

/**
 * obligation: DUN-4 — a dormant tenant is reactivated only by paying the amount frozen when it
 * went dormant. One transaction issues the paid reactivation invoice, cancels the older unpaid
 * invoices with credit notes (the fee replaces them, docs/decisions.md), and makes the tenant
 * active again with the current month settled by the fee.
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
  const invoiceNumbers = new NumberSeries('INVOICE');
  const { invoice: feeInvoice } = await draftInvoice(uow, invoiceNumbers, {
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
  const paidFee = settle(feeInvoice, { paidCents: payment.amountCents });
  repo.saveInvoice(uow, { ...paidFee, version: 1 }, 0);
  repo.savePayment(uow, payment);

  const year = Number(localDateOf(now).slice(0, 4));
  const creditNumbers = new NumberSeries('CREDIT-NOTE');
  const credits = open.length > 0 ? await creditNumbers.claim(uow, year, open.length) : undefined;
  open.forEach((invoice, i) => {
    const creditNote = draftCreditNote(
      invoice,
      { reason: 'reactivation', grossCents: invoice.balanceCents, note: `${feeInvoice.number}`, number: creditNumbers.format(year, credits!.first + i) },
      now,
    );
    repo.saveCreditNote(uow, creditNote);
    repo.saveInvoice(uow, settle(invoice, { creditedCents: invoice.balanceCents }), invoice.version);
  });

  const { dormancy: _frozen, ...rest } = account;
  const active: BillingAccount = { ...enter(rest as BillingAccount, next, now.toISOString(), now), lastPeriod: month };
  repo.saveAccount(uow, active, account.version, account.state);
  recordAudit(uow, scope, { actor: auth.actor, action: 'update', entity: 'billing-account', entityId: scope.tenantId, fields: ['state'], at: now });
  return {
    account: active,
    afterCommit: async () => {
      await flushAuthorizerCache();
      await sendBillingNotice(
        tenant,
        scope,
        'reactivated',
        feeInvoice.id,
        reactivatedNotice(tenant.language, {
          invoiceNumber: feeInvoice.number,
          total: { netCents: fee.netCents, vatCents: fee.vatCents, totalCents: fee.totalCents, currency: fee.currency },
          creditedInvoiceNumbers: open.map((i) => i.number),
        }),
      );
    },
  };
}
