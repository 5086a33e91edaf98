import { Problem } from '../../http/problem.ts';
import type { CreditNote, Invoice } from '../../http/schemas/billing.ts';
import { billingRepository } from '../../store/billing.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import { tenants } from '../../store/tenants.ts';

/**
 * obligation: BIL-9 — billing documents stay readable after the tenant's deletion (its tombstone
 * remains); only a tenant that never existed is a 404.
 */
async function mustHaveExisted(scope: TenantScope): Promise<void> {
  if (!(await tenants.get(scope))) throw new Problem('notFound', 'No such tenant');
}

function withCursor<T>(page: { items: T[]; nextCursor?: string | undefined }) {
  return { items: page.items, ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
}

export async function listInvoices(scope: TenantScope, limit: number, cursor: string | undefined) {
  await mustHaveExisted(scope);
  return withCursor(await billingRepository(scope).invoices(limit, cursor));
}

export async function readInvoice(scope: TenantScope, invoiceId: string): Promise<Invoice> {
  const invoice = await billingRepository(scope).invoice(invoiceId);
  if (!invoice) throw new Problem('notFound', 'No such invoice');
  return invoice;
}

export async function listCreditNotes(scope: TenantScope, limit: number, cursor: string | undefined) {
  await mustHaveExisted(scope);
  return withCursor(await billingRepository(scope).creditNotes(limit, cursor));
}

export async function readCreditNote(scope: TenantScope, creditNoteId: string): Promise<CreditNote> {
  const creditNote = await billingRepository(scope).creditNote(creditNoteId);
  if (!creditNote) throw new Problem('notFound', 'No such credit note');
  return creditNote;
}
