import { Problem } from '../../http/problem.ts';
import type { CreditNote, Invoice } from '../../model/billing.ts';
import { billingRepository } from '../../store/billing.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import { tenants } from '../../store/tenants.ts';

/**
 * obligation: BIL-9 — billing documents stay readable after the tenant's deletion (its tombstone
 * remains); only a tenant that never existed is a 404. A page with items proves the tenant, so
 * only an empty one costs the extra read.
 */
async function page<T>(scope: TenantScope, read: Promise<{ items: T[]; nextCursor?: string | undefined }>) {
  const { items, nextCursor } = await read;
  if (items.length === 0 && !(await tenants.get(scope))) throw new Problem('notFound', 'No such tenant');
  return { items, ...(nextCursor === undefined ? {} : { nextCursor }) };
}

export function listInvoices(scope: TenantScope, limit: number, cursor: string | undefined) {
  return page(scope, billingRepository(scope).invoices(limit, cursor));
}

export async function readInvoice(scope: TenantScope, invoiceId: string): Promise<Invoice> {
  const invoice = await billingRepository(scope).invoice(invoiceId);
  if (!invoice) throw new Problem('notFound', 'No such invoice');
  return invoice;
}

export function listCreditNotes(scope: TenantScope, limit: number, cursor: string | undefined) {
  return page(scope, billingRepository(scope).creditNotes(limit, cursor));
}

export async function readCreditNote(scope: TenantScope, creditNoteId: string): Promise<CreditNote> {
  const creditNote = await billingRepository(scope).creditNote(creditNoteId);
  if (!creditNote) throw new Problem('notFound', 'No such credit note');
  return creditNote;
}
