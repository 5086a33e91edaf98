import { renderCreditNoteHtml } from '../../shared/documents/credit-note-html.ts';
import { renderInvoiceHtml } from '../../shared/documents/invoice-html.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { BILLING_ROUTES } from '../../shared/http/routes/billing.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import { billingOverview, liabilityCapAt } from '../../shared/services/billing/accounts.ts';
import { endContract } from '../../shared/services/billing/contract-end.ts';
import { listCreditNotes, listInvoices, readCreditNote, readInvoice } from '../../shared/services/billing/reads.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler(BILLING_ROUTES, {
  async getBilling({ auth, now }) {
    return { body: await billingOverview(TenantScope.ofTenant(auth), now) };
  },
  async listInvoices({ query, auth }) {
    return { body: await listInvoices(TenantScope.ofTenant(auth), query.limit, query.cursor) };
  },
  async getInvoice({ params, auth }) {
    const invoice = await readInvoice(TenantScope.ofTenant(auth), params.invoiceId);
    return { body: invoice, version: invoice.version };
  },
  async getInvoiceHtml({ params, auth }) {
    return { body: renderInvoiceHtml(await readInvoice(TenantScope.ofTenant(auth), params.invoiceId)) };
  },
  async listCreditNotes({ query, auth }) {
    return { body: await listCreditNotes(TenantScope.ofTenant(auth), query.limit, query.cursor) };
  },
  async getCreditNoteHtml({ params, auth }) {
    return { body: renderCreditNoteHtml(await readCreditNote(TenantScope.ofTenant(auth), params.creditNoteId)) };
  },
  async getLiabilityCap({ query, auth, now }) {
    return { body: await liabilityCapAt(TenantScope.ofTenant(auth), query.at, now) };
  },
  async cancelContract({ auth, now, uow }) {
    const { account, afterCommit } = await endContract(uow, TenantScope.ofTenant(auth), { kind: 'cancellation' }, auth, now);
    return { body: account, version: account.version, afterCommit };
  },
}, { tenantGate: refuseWhileDormant });
