import { httpHandler } from '../../shared/http/handler.ts';
import { OPERATOR_BILLING_ROUTES } from '../../shared/http/routes/operator-billing.ts';
import { assignPlan, billingOverview, liabilityCapAt } from '../../shared/services/billing/accounts.ts';
import { endContract } from '../../shared/services/billing/contract-end.ts';
import { issueCreditNote, reactivate, recordPayment } from '../../shared/services/billing/payments.ts';
import { listCreditNotes, listInvoices, readInvoice } from '../../shared/services/billing/reads.ts';
import { payOwedFlushes } from '../../shared/services/authorizer-cache.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

/**
 * obligation: TEN-2, DUN-3 — before anything else, each invocation pays the authorizer flushes
 * that earlier changes still owe (a reactivation or termination whose flush failed).
 */
export const handler = httpHandler(OPERATOR_BILLING_ROUTES, {
  async assignPlan({ params, body, auth, now, uow }) {
    const account = await assignPlan(uow, TenantScope.named(params.tenantId), body, auth, now);
    return { body: account, version: account.version };
  },
  async operatorGetBilling({ params, now }) {
    return { body: await billingOverview(TenantScope.named(params.tenantId), now) };
  },
  async operatorListInvoices({ params, query }) {
    return { body: await listInvoices(TenantScope.named(params.tenantId), query.limit, query.cursor) };
  },
  async operatorGetInvoice({ params }) {
    const invoice = await readInvoice(TenantScope.named(params.tenantId), params.invoiceId);
    return { body: invoice, version: invoice.version };
  },
  async recordPayment({ params, body, auth, now, uow }) {
    const { payment, invoice, afterCommit } = await recordPayment(uow, TenantScope.named(params.tenantId), params.invoiceId, body, auth, now);
    return { body: { payment, invoice }, afterCommit };
  },
  async issueCreditNote({ params, body, auth, now, uow }) {
    return { body: await issueCreditNote(uow, TenantScope.named(params.tenantId), body, auth, now) };
  },
  async operatorListCreditNotes({ params, query }) {
    return { body: await listCreditNotes(TenantScope.named(params.tenantId), query.limit, query.cursor) };
  },
  async reactivateTenant({ params, body, auth, now, uow }) {
    const { account, afterCommit } = await reactivate(uow, TenantScope.named(params.tenantId), body, auth, now);
    return { body: account, version: account.version, afterCommit };
  },
  async terminateTenant({ params, body, auth, now, uow }) {
    const { account, afterCommit } = await endContract(uow, TenantScope.named(params.tenantId), { kind: 'termination', reason: body.reason }, auth, now);
    return { body: account, version: account.version, afterCommit };
  },
  async operatorGetLiabilityCap({ params, query, now }) {
    return { body: await liabilityCapAt(TenantScope.named(params.tenantId), query.at, now) };
  },
}).before(async () => void (await payOwedFlushes()));
