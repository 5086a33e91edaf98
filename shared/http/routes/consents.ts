import * as z from 'zod/mini';
import { id, page } from '../../model/common.ts';
import { audienceMember, consent, purpose, requestConsentBody } from '../../model/consent.ts';
import { ADMIN } from '../route-definition.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { listQuery } from '../wire.ts';

const consentPurposePath = z.strictObject({ purpose });
const subjectConsentPath = z.strictObject({ subjectId: id, purpose });
const subjectConsentsPath = z.strictObject({ subjectId: id });

/**
 * Consent and double opt-in (CON-1..3; docs/consent.md): the tenant requests, reads and records
 * withdrawals, and reads the mailing audience of a purpose; the data subject confirms or
 * withdraws through signed public links, whose GET shows a page and whose POST acts.
 */
export const CONSENTS_ROUTES = [
  {
    operationId: 'requestConsent',
    problems: ['subjectRestricted'],
    method: 'POST',
    path: '/v1/subjects/{subjectId}/consents',
    handler: 'consents',
    auth: 'tenant',
    scopes: ADMIN,
    summary: "Ask a data subject for consent to a purpose: a confirmation e-mail with a single-use link goes to the subject's address",
    tags: ['consents'],
    params: subjectConsentsPath,
    body: requestConsentBody,
    response: consent,
    successStatus: 201,
    // A retry without a key would send the person a second e-mail with another link.
    requiresIdempotencyKey: true,
    replayKeeps: ['subjectId', 'purpose', 'status', 'requestedAt', 'expiresAt'],
  },
  {
    operationId: 'listSubjectConsents',
    method: 'GET',
    path: '/v1/subjects/{subjectId}/consents',
    handler: 'consents',
    auth: 'tenant',
    scopes: ADMIN,
    summary: "A data subject's consents, one per purpose, each with its history of events",
    tags: ['consents'],
    params: subjectConsentsPath,
    response: z.object({ items: z.array(consent) }),
    successStatus: 200,
  },
  {
    operationId: 'withdrawConsent',
    method: 'POST',
    path: '/v1/subjects/{subjectId}/consents/{purpose}/withdrawal',
    handler: 'consents',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Record that the data subject withdrew a consent: it ends at once (the audience list drops the subject)',
    tags: ['consents'],
    params: subjectConsentPath,
    response: consent,
    successStatus: 200,
    replayKeeps: ['subjectId', 'purpose', 'status', 'withdrawnAt', 'withdrawalSource'],
  },
  {
    operationId: 'getConsentAudience',
    method: 'GET',
    path: '/v1/consents/{purpose}/audience',
    handler: 'consents',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Who may be mailed for a purpose: confirmed, not withdrawn, not restricted, at the confirmed address',
    tags: ['consents'],
    params: consentPurposePath,
    query: listQuery,
    response: page(audienceMember),
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];
