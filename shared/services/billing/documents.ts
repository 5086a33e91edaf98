import { localDateOf } from '../../domain/billing/calendar.ts';
import type { Month } from '../../domain/billing/calendar.ts';
import { describe } from '../../domain/billing/charges.ts';
import type { ChargeLine } from '../../domain/billing/charges.ts';
import { invoiceDeadlines } from '../../domain/billing/deadlines.ts';
import { splitGross, vatOn, vatTreatment } from '../../domain/billing/vat.ts';
import type { CreditNote, Invoice, Party, Vat } from '../../model/billing.ts';
import { sellerDetails } from '../../config/seller.ts';
import type { Tenant } from '../../model/tenant.ts';
import { newId } from '../../ids.ts';
import { documentNumbers, formatNumber } from '../../store/billing.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';

/** The buyer as invoiced: the tenant's company details at issue, never its contacts. */
export function buyerOf(tenant: Tenant): Party {
  return {
    name: tenant.name,
    country: tenant.country,
    ...(tenant.address === undefined ? {} : { address: tenant.address }),
    ...(tenant.vatNumber === undefined ? {} : { vatNumber: tenant.vatNumber }),
  };
}

export interface InvoiceRequest {
  tenant: Tenant;
  kind: Invoice['kind'];
  periodStart: string;
  periodEnd: string;
  currency: string;
  lines: ChargeLine[];
  /** The month named in the lines' descriptions. */
  describedMonth: Month;
  now: Date;
  /** The VAT fixed earlier (a reactivation fee frozen at dormancy); otherwise by the buyer now. */
  vat?: Vat;
}

/** Several documents of one transaction: their numbers claimed at once, handed out in order. */
export async function claimNumbers(uow: UnitOfWork, numbers: NumberSeries, count: number, now: Date): Promise<string[]> {
  if (count === 0) return [];
  const year = Number(localDateOf(now).slice(0, 4));
  const { first } = await numbers.claim(uow, year, count);
  return Array.from({ length: count }, (_, i) => numbers.format(year, first + i));
}

/** The next number of a series, remembered across a job's tenants and re-read after a race. */
export class NumberSeries {
  private last = new Map<number, number>();

  constructor(private readonly series: 'INVOICE' | 'CREDIT-NOTE') {}

  /** Claims `count` numbers in `uow` and returns the first; `confirm` once the transaction committed. */
  async claim(uow: UnitOfWork, year: number, count = 1): Promise<{ first: number; confirm: () => void }> {
    const after = this.last.get(year) ?? (await documentNumbers.last(this.series, year));
    documentNumbers.claim(uow, this.series, year, after, count);
    return { first: after + 1, confirm: () => this.last.set(year, after + count) };
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** Runs `work` after every earlier one has finished: claims and commits never interleave. */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** After a failed claim: read the series again next time. */
  forget(): void {
    this.last.clear();
  }

  format(year: number, n: number): string {
    return formatNumber(this.series, year, n);
  }
}

/**
 * obligation: BIL-3, BIL-5, BIL-9, DUN-1 — an invoice with its number, VAT and every deadline as
 * an absolute instant, fixed at issue. Its number is claimed in `uow`, the invoice's own transaction.
 */
export async function draftInvoice(uow: UnitOfWork, numbers: NumberSeries, request: InvoiceRequest) {
  const claim = await numbers.claim(uow, Number(localDateOf(request.now).slice(0, 4)));
  const invoice = invoiceWithNumber(numbers.format(Number(localDateOf(request.now).slice(0, 4)), claim.first), request);
  return { invoice, confirm: claim.confirm };
}

/** An invoice under a number already claimed in its transaction (see `claimNumbers`). */
export function invoiceWithNumber(number: string, request: InvoiceRequest): Invoice {
  const { tenant, now } = request;
  const issuedOn = localDateOf(now);
  const netCents = request.lines.reduce((sum, l) => sum + l.netCents, 0);
  const vat = request.vat ?? vatOn(netCents, vatTreatment(tenant), tenant.language);
  return {
    id: newId(now),
    number,
    kind: request.kind,
    language: tenant.language,
    issuedOn,
    periodStart: request.periodStart,
    periodEnd: request.periodEnd,
    ...invoiceDeadlines(issuedOn),
    seller: sellerDetails(),
    buyer: buyerOf(tenant),
    currency: request.currency,
    lines: request.lines.map((l) => describe(l, tenant.language, request.describedMonth)),
    netCents,
    vat,
    totalCents: netCents + vat.amountCents,
    paidCents: 0,
    creditedCents: 0,
    balanceCents: netCents + vat.amountCents,
    status: 'open',
    paymentReference: `SI00 ${number}`,
    createdAt: now.toISOString(),
    version: 1,
  };
}

/**
 * An invoice with a payment or credit applied: the balance and status follow from the amounts. A
 * credit note on a paid invoice makes the balance negative: the vendor owes that much back.
 */
export function settle(invoice: Invoice, change: { paidCents?: number; creditedCents?: number }): Invoice {
  const paidCents = invoice.paidCents + (change.paidCents ?? 0);
  const creditedCents = invoice.creditedCents + (change.creditedCents ?? 0);
  const balanceCents = invoice.totalCents - paidCents - creditedCents;
  const status = balanceCents > 0 ? 'open' : paidCents === 0 ? 'credited' : 'paid';
  return { ...invoice, paidCents, creditedCents, balanceCents, status, version: invoice.version + 1 };
}

/**
 * obligation: BIL-7 — a credit note is its own numbered document naming the invoice it reduces;
 * the gross amount splits into net and VAT at the invoice's rate.
 */
export function draftCreditNote(
  invoice: Invoice,
  details: { reason: CreditNote['reason']; grossCents: number; note?: string | undefined; number: string },
  now: Date,
): CreditNote {
  const { netCents, vatCents } = splitGross(details.grossCents, invoice.vat.ratePercent);
  return {
    id: newId(now),
    number: details.number,
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    reason: details.reason,
    ...(details.note === undefined ? {} : { note: details.note }),
    // The document it corrects fixes language and parties: a credit note can follow a deletion.
    language: invoice.language,
    issuedOn: localDateOf(now),
    seller: invoice.seller,
    buyer: invoice.buyer,
    currency: invoice.currency,
    netCents,
    vat: { ...invoice.vat, amountCents: vatCents },
    totalCents: details.grossCents,
    createdAt: now.toISOString(),
  };
}
