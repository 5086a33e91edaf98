import * as z from 'zod/mini';
import type { RouteDefinition } from '../route-definition.ts';
import { CONFIRM_TOKEN, WITHDRAW_TOKEN } from '../../crypto/consent-links.ts';

const confirmLinkPath = z.strictObject({ token: z.string().check(z.maxLength(200, { abort: true }), z.regex(CONFIRM_TOKEN, 'is not a confirmation link')) });
const withdrawLinkPath = z.strictObject({ token: z.string().check(z.maxLength(200, { abort: true }), z.regex(WITHDRAW_TOKEN, 'is not a withdrawal link')) });

/**
 * Consent and double opt-in (CON-1..3; docs/consent.md): the tenant requests, reads and records
 * withdrawals, and reads the mailing audience of a purpose; the data subject confirms or
 * withdraws through signed public links, whose GET shows a page and whose POST acts.
 */
export const CONSENT_LINKS_ROUTES = [
  {
    operationId: 'getConsentConfirmation',
    problems: ['linkUsed', 'linkExpired'],
    method: 'GET',
    path: '/v1/consent-confirmations/{token}',
    handler: 'consent-links',
    auth: 'public',
    summary: 'The page a confirmation link opens: what is asked and a button; opening it confirms nothing',
    tags: ['consent-links'],
    params: confirmLinkPath,
    response: z.string(),
    successStatus: 200,
    produces: 'text/html',
  },
  {
    operationId: 'confirmConsent',
    problems: ['linkUsed', 'linkExpired'],
    method: 'POST',
    path: '/v1/consent-confirmations/{token}',
    handler: 'consent-links',
    auth: 'public',
    summary: "The data subject's confirmation (the page's button): once, before the link expires",
    tags: ['consent-links'],
    params: confirmLinkPath,
    response: z.string(),
    successStatus: 200,
    produces: 'text/html',
  },
  {
    operationId: 'getConsentWithdrawal',
    problems: ['linkUsed', 'linkExpired'],
    method: 'GET',
    path: '/v1/consent-withdrawals/{token}',
    handler: 'consent-links',
    auth: 'public',
    summary: 'The page a withdrawal (unsubscribe) link opens, with a button',
    tags: ['consent-links'],
    params: withdrawLinkPath,
    response: z.string(),
    successStatus: 200,
    produces: 'text/html',
  },
  {
    operationId: 'withdrawConsentByLink',
    problems: ['linkUsed', 'linkExpired'],
    method: 'POST',
    path: '/v1/consent-withdrawals/{token}',
    handler: 'consent-links',
    auth: 'public',
    summary: "The data subject's withdrawal (the page's button): at once; again changes nothing",
    tags: ['consent-links'],
    params: withdrawLinkPath,
    response: z.string(),
    successStatus: 200,
    produces: 'text/html',
  },
] as const satisfies readonly RouteDefinition[];
