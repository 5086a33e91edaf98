import * as z from 'zod/mini';
import { billingAccount, billingOverview, cancellationBody, creditNote, invoice, liabilityCap } from '../../model/billing.ts';
import { id, page } from '../../model/common.ts';
import { ADMIN } from '../route-definition.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { liabilityCapQuery, listQuery } from '../wire.ts';

const creditNotePath = z.strictObject({ creditNoteId: id });
const invoicePath = z.strictObject({ invoiceId: id });

/**
 * The billing routes of the route table (BIL, DUN, TRM): the tenant reads its account, invoices
 * and credit notes and may cancel; the operator assigns plans, records payments, issues credit
 * notes, reactivates and terminates.
 */
export const BILLING_ROUTES = [
  {
    operationId: 'getBilling',
    method: 'GET',
    path: '/v1/billing',
    handler: 'billing',
    auth: 'tenant',
    scopes: ADMIN,
    summary: "The tenant's plan, lifecycle state and dates, and this month's end users and peak so far",
    tags: ['billing'],
    response: billingOverview,
    successStatus: 200,
  },
  {
    operationId: 'listInvoices',
    method: 'GET',
    path: '/v1/billing/invoices',
    handler: 'billing',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Invoices, oldest first',
    tags: ['billing'],
    query: listQuery,
    response: page(invoice),
    successStatus: 200,
  },
  {
    operationId: 'getInvoice',
    method: 'GET',
    path: '/v1/billing/invoices/{invoiceId}',
    handler: 'billing',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'One invoice, with its balance and deadlines',
    tags: ['billing'],
    params: invoicePath,
    response: invoice,
    successStatus: 200,
  },
  {
    operationId: 'getInvoiceHtml',
    method: 'GET',
    path: '/v1/billing/invoices/{invoiceId}/html',
    handler: 'billing',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'One invoice as a printable HTML page in the tenant language',
    tags: ['billing'],
    params: invoicePath,
    response: z.string(),
    produces: 'text/html',
    successStatus: 200,
  },
  {
    operationId: 'listCreditNotes',
    method: 'GET',
    path: '/v1/billing/credit-notes',
    handler: 'billing',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Credit notes, oldest first',
    tags: ['billing'],
    query: listQuery,
    response: page(creditNote),
    successStatus: 200,
  },
  {
    operationId: 'getCreditNoteHtml',
    method: 'GET',
    path: '/v1/billing/credit-notes/{creditNoteId}/html',
    handler: 'billing',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'One credit note as a printable HTML page in the tenant language',
    tags: ['billing'],
    params: creditNotePath,
    response: z.string(),
    produces: 'text/html',
    successStatus: 200,
  },
  {
    operationId: 'getLiabilityCap',
    method: 'GET',
    path: '/v1/billing/liability-cap',
    handler: 'billing',
    auth: 'tenant',
    scopes: ADMIN,
    summary: "The vendor's liability cap at a date: 10% of the fees paid in the six months before",
    tags: ['billing'],
    query: liabilityCapQuery,
    response: liabilityCap,
    successStatus: 200,
  },
  {
    operationId: 'cancelContract',
    method: 'POST',
    path: '/v1/billing/cancellation',
    handler: 'billing',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Cancel the contract in writing: it ends with the paid period, without refund; export works until then',
    tags: ['billing'],
    body: cancellationBody,
    response: billingAccount,
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];
