import * as z from 'zod/mini';
import { id, page } from '../../model/common.ts';
import { createDisclosureBody, createRecipientBody, disclosure, notifyRecipientsBody, notifyRecipientsResult, recipient, subjectRecipient, updateRecipientBody } from '../../model/disclosure.ts';
import { ADMIN } from '../route-definition.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { DISCLOSURE_REPLAY, cursor, limit, listQuery, subjectPath } from '../wire.ts';
import { subject } from '../../model/subject.ts';

const recipientPath = z.strictObject({ recipientId: id });
const listDisclosuresQuery = z.strictObject({
  limit: limit(100, 25),
  cursor,
  /** Only the disclosures that name this subject. */
  subjectId: z.optional(id),
});

/**
 * The recipients registry, the disclosure log (AUD-3), Art. 19 notices to recipients (DSR-7) and
 * assistance requests to the vendor (DSR-11), spread into the route table.
 */
export const DISCLOSURES_ROUTES = [
  {
    operationId: 'createRecipient',
    method: 'POST',
    path: '/v1/recipients',
    handler: 'disclosures',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Register a third party the tenant discloses data to (processor, controller, authority), with its notice address and language',
    tags: ['disclosures'],
    body: createRecipientBody,
    response: recipient,
    successStatus: 201,
    replayKeeps: ['id', 'kind', 'country', 'language', 'active', 'version', 'createdAt'],
  },
  {
    operationId: 'listRecipients',
    method: 'GET',
    path: '/v1/recipients',
    handler: 'disclosures',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'The registered recipients, oldest first, active and deactivated',
    tags: ['disclosures'],
    query: listQuery,
    response: page(recipient),
    successStatus: 200,
  },
  {
    operationId: 'getRecipient',
    method: 'GET',
    path: '/v1/recipients/{recipientId}',
    handler: 'disclosures',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Read a registered recipient',
    tags: ['disclosures'],
    params: recipientPath,
    response: recipient,
    successStatus: 200,
  },
  {
    operationId: 'updateRecipient',
    method: 'PATCH',
    path: '/v1/recipients/{recipientId}',
    handler: 'disclosures',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Change a recipient, or deactivate it (active: false); the log keeps naming it, so it is never deleted (If-Match required)',
    tags: ['disclosures'],
    params: recipientPath,
    body: updateRecipientBody,
    response: recipient,
    successStatus: 200,
    requiresIfMatch: true,
  },
  {
    operationId: 'createDisclosure',
    method: 'POST',
    path: '/v1/disclosures',
    handler: 'disclosures',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Record a disclosure the tenant made: recipient, subjects (ids), data categories, legal basis and reference',
    tags: ['disclosures'],
    body: createDisclosureBody,
    response: disclosure,
    successStatus: 201,
    replayKeeps: DISCLOSURE_REPLAY,
    // A retry without a key would log the disclosure twice.
    requiresIdempotencyKey: true,
  },
  {
    operationId: 'listDisclosures',
    method: 'GET',
    path: '/v1/disclosures',
    handler: 'disclosures',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'The disclosure log, oldest first, or the entries naming one subject (`subjectId`)',
    tags: ['disclosures'],
    query: listDisclosuresQuery,
    response: page(disclosure),
    successStatus: 200,
  },
  {
    operationId: 'listSubjectRecipients',
    method: 'GET',
    path: '/v1/subjects/{subjectId}/recipients',
    handler: 'disclosures',
    auth: 'tenant',
    scopes: ADMIN,
    summary: "Who received a data subject's data, from the disclosure log (after erasure too)",
    tags: ['disclosures'],
    params: subjectPath,
    response: z.object({ items: z.array(subjectRecipient) }),
    successStatus: 200,
  },
  {
    operationId: 'notifySubjectRecipients',
    method: 'POST',
    path: '/v1/subjects/{subjectId}/notify-recipients',
    handler: 'disclosures',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Tell every recipient of a data subject’s data about a rectification, erasure or restriction made directly (Art. 19); once per change',
    tags: ['disclosures'],
    params: subjectPath,
    body: notifyRecipientsBody,
    response: notifyRecipientsResult,
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];
