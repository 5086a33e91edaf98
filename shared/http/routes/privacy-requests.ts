import * as z from 'zod/mini';
import { id, page } from '../../model/common.ts';
import { createPrivacyRequestBody, declineBody, extensionBody, feeBody, fulfilmentBody, privacyRequest, verificationBody } from '../../model/privacy-request.ts';
import type { Schema } from '../../model/zod.ts';
import { ADMIN } from '../route-definition.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { REQUEST_STATES } from '../../domain/privacy-requests/lifecycle.ts';
import { listQuery } from '../wire.ts';

const privacyRequestPath = z.strictObject({ requestId: id });
const listPrivacyRequestsQuery = z.extend(listQuery, { state: z.optional(z.enum(REQUEST_STATES)) });

/** A replay shows the request's state, never the requester's address or words. */
const REQUEST_REPLAY = ['id', 'type', 'state', 'receivedAt', 'dueOn', 'dueAt', 'version'];

/** A decision on one request: POST to its own path, for administrators, with the request back. */
function decision<const Id extends string, const P extends string, const B extends Schema | undefined = undefined>(operationId: Id, path: P, summary: string, body?: B) {
  return {
    operationId,
    method: 'POST' as const,
    path: `/v1/privacy-requests/{requestId}/${path}` as `/v1/privacy-requests/{requestId}/${P}`,
    handler: 'privacy-requests' as const,
    auth: 'tenant' as const,
    scopes: ADMIN,
    summary,
    tags: ['privacy-requests'],
    params: privacyRequestPath,
    body: body as B,
    response: privacyRequest,
    successStatus: 200 as const,
    replayKeeps: REQUEST_REPLAY,
  };
}

/**
 * Data subjects' requests (DSR-1..DSR-10): the tenant records, verifies, decides and the platform
 * carries out and answers; the vendor's public intake only forwards (DSR-8).
 */
export const PRIVACY_REQUESTS_ROUTES = [
  {
    operationId: 'createPrivacyRequest',
    method: 'POST',
    path: '/v1/privacy-requests',
    handler: 'privacy-requests',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Record a data subject’s request with its receipt time; the deadline is one calendar month from receipt',
    tags: ['privacy-requests'],
    body: createPrivacyRequestBody,
    response: privacyRequest,
    successStatus: 201,
    replayKeeps: REQUEST_REPLAY,
    // A retried create without a key would record the request twice, and count as a repeat (DSR-4).
    requiresIdempotencyKey: true,
  },
  {
    operationId: 'listPrivacyRequests',
    method: 'GET',
    path: '/v1/privacy-requests',
    handler: 'privacy-requests',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'List privacy requests in the order they were recorded, optionally only those in one state',
    tags: ['privacy-requests'],
    query: listPrivacyRequestsQuery,
    response: page(privacyRequest),
    successStatus: 200,
  },
  {
    operationId: 'getPrivacyRequest',
    method: 'GET',
    path: '/v1/privacy-requests/{requestId}',
    handler: 'privacy-requests',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Read a privacy request with its deadline, decisions and what was sent',
    tags: ['privacy-requests'],
    params: privacyRequestPath,
    response: privacyRequest,
    successStatus: 200,
  },
  {
    ...decision('verifyPrivacyRequester', 'verification', 'Record how the requester’s identity was checked and the result (no copy of any document)', verificationBody),
  },
  {
    ...decision('extendPrivacyRequest', 'extension', 'Extend the deadline once by one or two months, within the first month; the reason is e-mailed to the requester', extensionBody),
    requiresIdempotencyKey: true,
  },
  {
    ...decision('requestPrivacyRequestFee', 'fee', 'Set a fee for a repeated or manifestly excessive request; the requester is told and the request waits', feeBody),
    requiresIdempotencyKey: true,
  },
  { ...decision('recordPrivacyRequestFeePaid', 'fee-payment', 'Record that the fee was paid: the request goes on') },
  {
    ...decision('fulfilPrivacyRequest', 'fulfilment', 'Carry the request out on the platform (export, rectify, erase, restrict, stop processing) and answer it', fulfilmentBody),
    requiresIdempotencyKey: true,
    problems: ['gone'],
  },
  {
    ...decision('declinePrivacyRequest', 'decline', 'Refuse with a ground and reasons; the answer names the right to complain and to a judicial remedy', declineBody),
    requiresIdempotencyKey: true,
  },
  { ...decision('withdrawPrivacyRequest', 'withdrawal', 'Record that the requester withdrew the request') },
] as const satisfies readonly RouteDefinition[];
