import * as z from 'zod/mini';
import { id, localDate, month, text, timestamp } from './common.ts';
import { LANGUAGES } from './tenant.ts';
import { BILLING_STATES } from './billing-state.ts';


const cents = z.number().check(z.multipleOf(1, 'must be a whole number of cents'), z.gte(0), z.lte(1_000_000_000_00));
const positiveCents = z.number().check(z.multipleOf(1, 'must be a whole number of cents'), z.gte(1), z.lte(1_000_000_000_00));
const currency = z.string().check(z.maxLength(3, { abort: true }), z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'));

export const PLAN_INTERVALS = ['monthly', 'annual'] as const;

/**
 * obligation: BIL-1 — a plan is monthly or annual and priced per end user, net, with a currency.
 * The price is per end user and month for both; an annual plan pays twelve months of its
 * committed seats in advance (BIL-4).
 */
export const plan = z.object({
  interval: z.enum(PLAN_INTERVALS),
  unitPriceCents: positiveCents,
  currency,
  /** Annual plans: the end users paid for in advance; peaks above are trued up monthly (BIL-4). */
  committedSeats: z.optional(z.number().check(z.multipleOf(1), z.gte(1), z.lte(10_000_000))),
  /** The first day of the first billing period: always the first day of a month. */
  startsOn: localDate,
});
export type Plan = z.infer<typeof plan>;

export const assignPlanBody = z.strictObject({
  interval: z.enum(PLAN_INTERVALS),
  unitPriceCents: positiveCents,
  currency,
  committedSeats: z.optional(z.number().check(z.multipleOf(1), z.gte(1), z.lte(10_000_000))),
  /** Defaults to the first day of the current month (Europe/Ljubljana). */
  startsOn: z.optional(localDate),
});
export type AssignPlanInput = z.infer<typeof assignPlanBody>;

export const VAT_TREATMENTS = ['domestic', 'reverse-charge', 'outside-eu'] as const;
export type VatTreatment = (typeof VAT_TREATMENTS)[number];

export const vat = z.object({
  treatment: z.enum(VAT_TREATMENTS),
  ratePercent: z.number(),
  amountCents: cents,
  /** The legal note printed on the document (reverse charge, place of supply). */
  note: z.optional(z.string()),
});
export type Vat = z.infer<typeof vat>;

export const party = z.object({
  name: z.string(),
  address: z.optional(z.string()),
  country: z.string(),
  vatNumber: z.optional(z.string()),
});
export type Party = z.infer<typeof party>;

export const seller = z.object({
  ...party.shape,
  /** Bank account for transfers. */
  iban: z.string(),
  email: z.string(),
});
export type Seller = z.infer<typeof seller>;

export const LINE_KINDS = ['monthly', 'annual', 'true-up', 'reactivation'] as const;

/** obligation: BIL-2 — the metered peak behind a line, and when it was first reached. */
export const meterReading = z.object({ month, peak: z.number(), peakAt: z.optional(timestamp) });
export type MeterReading = z.infer<typeof meterReading>;

export const invoiceLine = z.object({
  kind: z.enum(LINE_KINDS),
  /** Frozen at issue, in the tenant's language: an issued invoice never changes its text. */
  description: z.string(),
  quantity: z.number(),
  /** Per end user and month. */
  unitPriceCents: cents,
  months: z.number(),
  netCents: cents,
  meter: z.optional(meterReading),
});
export type InvoiceLine = z.infer<typeof invoiceLine>;

export const INVOICE_STATUSES = ['open', 'paid', 'credited'] as const;
export const REMINDER_KINDS = ['issued', 'due-soon', 'due-today', 'overdue', 'dormancy-warning'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** obligation: BIL-3, BIL-5, BIL-9 — a numbered VAT invoice with its absolute deadlines (DUN-1). */
export const invoice = z.object({
  id,
  number: z.string(),
  kind: z.enum(['subscription', 'reactivation']),
  language: z.enum(LANGUAGES),
  issuedOn: localDate,
  /** The billing period the invoice is for (first and last day). */
  periodStart: localDate,
  periodEnd: localDate,
  dueOn: localDate,
  /** End of the due date: paid before this is on time. */
  dueAt: timestamp,
  /** Still unpaid at this instant, the tenant goes dormant (DUN-2). */
  dormantAt: timestamp,
  /** If this invoice makes the tenant dormant, its data is deleted at this instant (DUN-5). */
  deleteAt: timestamp,
  reminders: z.array(z.object({ kind: z.enum(REMINDER_KINDS), at: timestamp })),
  seller,
  buyer: party,
  currency,
  lines: z.array(invoiceLine),
  netCents: cents,
  vat,
  totalCents: cents,
  paidCents: cents,
  creditedCents: cents,
  /** Negative when credit notes exceed what is left to pay: the vendor owes it back. */
  balanceCents: z.number().check(z.multipleOf(1)),
  status: z.enum(INVOICE_STATUSES),
  paymentReference: z.string(),
  /** Set when the tenant's data was deleted: no more reminders; any balance stays owed. */
  dunningStoppedAt: z.optional(timestamp),
  createdAt: timestamp,
  version: z.number(),
});
export type Invoice = z.infer<typeof invoice>;

export const CREDIT_NOTE_REASONS = ['sla-credit', 'sub-processor-objection', 'reactivation', 'correction'] as const;

/** obligation: BIL-7 — a separate document that names the invoice it reduces. */
export const creditNote = z.object({
  id,
  number: z.string(),
  invoiceId: id,
  invoiceNumber: z.string(),
  reason: z.enum(CREDIT_NOTE_REASONS),
  note: z.optional(z.string()),
  language: z.enum(LANGUAGES),
  issuedOn: localDate,
  seller,
  buyer: party,
  currency,
  netCents: cents,
  vat,
  totalCents: cents,
  createdAt: timestamp,
});
export type CreditNote = z.infer<typeof creditNote>;

export const issueCreditNoteBody = z.strictObject({
  invoiceId: id,
  reason: z.enum(CREDIT_NOTE_REASONS),
  /** Net amount; VAT follows the invoice's treatment. */
  netCents: positiveCents,
  note: z.optional(text(1, 500)),
});

export const payment = z.object({
  id,
  invoiceId: id,
  amountCents: positiveCents,
  currency,
  paidOn: localDate,
  reference: z.string(),
  recordedAt: timestamp,
  recordedBy: z.string(),
});
export type Payment = z.infer<typeof payment>;

export const recordPaymentBody = z.strictObject({
  amountCents: positiveCents,
  paidOn: localDate,
  reference: text(1, 100),
});


export const money = z.object({ netCents: cents, vatCents: cents, totalCents: cents, currency });
export type Money = z.infer<typeof money>;

/** The billing account: plan, lifecycle state and the absolute dates the state machine set. */
export const billingAccount = z.object({
  tenantId: id,
  state: z.enum(BILLING_STATES),
  stateSince: timestamp,
  plan: z.optional(plan),
  /** A plan that replaces `plan` from its `startsOn`, a period not yet invoiced. */
  nextPlan: z.optional(plan),
  /** The last billing period already settled by an invoice (or found to owe nothing). */
  lastPeriod: z.optional(month),
  dormancy: z.optional(
    z.object({
      since: timestamp,
      /** The invoice whose non-payment made the tenant dormant. */
      invoiceId: id,
      deleteAt: timestamp,
      /** obligation: DUN-4 — one monthly fee at the last active month's price, frozen at dormancy. */
      reactivation: z.object({ ...money.shape, month, seats: z.number(), unitPriceCents: cents, vat, paymentReference: z.string() }),
    }),
  ),
  ending: z.optional(
    z.object({
      kind: z.enum(['cancellation', 'termination']),
      requestedAt: timestamp,
      requestedBy: z.string(),
      reason: z.optional(z.string()),
      /** The end of the paid period: export works until then, deletion follows (DUN-6). */
      endsAt: timestamp,
    }),
  ),
  /** The deletion's progress (checkpointed by the tenant-deletion job; DUN-5). */
  deletion: z.optional(
    z.object({
      startedAt: timestamp,
      phase: z.optional(z.enum(['keys', 'subjects', 'audit', 'idempotency', 'confirmation', 'notices', 'profile', 'done'])),
      /** Items deleted so far; after a crash it may be short by at most one chunk. */
      deletedItems: z.optional(z.number()),
      lastRun: z.optional(timestamp),
      finishedAt: z.optional(timestamp),
    }),
  ),
  version: z.number(),
  updatedAt: timestamp,
});
export type BillingAccount = z.infer<typeof billingAccount>;

export const usage = z.object({
  activeSeats: z.number(),
  month,
  peak: z.number(),
  peakAt: z.optional(timestamp),
});

export const billingOverview = z.object({ ...billingAccount.shape, usage });

export const reactivationBody = z.strictObject({
  /** Exactly the frozen amount; 0 when the last active month had no end users. */
  amountCents: cents,
  paidOn: localDate,
  reference: text(1, 100),
});

export const terminationBody = z.strictObject({ reason: text(1, 500) });
/** obligation: BIL-6 — the written cancellation: an explicit confirmation, recorded with the key that sent it. */
export const cancellationBody = z.strictObject({
  confirm: z.literal(true, { error: 'the cancellation must be confirmed explicitly (true)' }),
});

/** obligation: BIL-8 — 10% of the fees paid in the six months up to `at`. */
export const liabilityCap = z.object({
  at: localDate,
  from: localDate,
  capByCurrency: z.array(z.object({ currency, paidCents: cents, capCents: cents })),
});
