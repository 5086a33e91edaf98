import * as z from 'zod/mini';
import { INTAKE_TOKEN } from '../../crypto/intake-links.ts';
import { intakeBody, intakeReceipt } from '../../model/privacy-request.ts';
import type { RouteDefinition } from '../route-definition.ts';

const intakeLinkPath = z.strictObject({ token: z.string().check(z.maxLength(200, { abort: true }), z.regex(INTAKE_TOKEN, 'is not a confirmation link')) });

/** The path of the intake's confirmation link (its pages turn refusals into pages for browsers). */
export const INTAKE_CONFIRMATION_PATH = '/v1/public/privacy-request-confirmations/{token}';

/**
 * Data subjects' requests (DSR-1..DSR-10): the tenant records, verifies, decides and the platform
 * carries out and answers; the vendor's public intake only forwards (DSR-8), and only once the
 * sender confirmed the address by the link e-mailed to it (double opt-in).
 */
export const PRIVACY_REQUEST_INTAKE_ROUTES = [
  {
    operationId: 'submitPrivacyRequestToVendor',
    method: 'POST',
    path: '/v1/public/privacy-requests',
    handler: 'privacy-request-intake',
    auth: 'public',
    summary:
      'For a person who writes to Skrbnik: e-mails the address a link to confirm; once confirmed, the request is forwarded to the organisation that controls the data. Skrbnik does not answer it. The answer is the same whatever became of the form',
    tags: ['privacy-requests', 'public'],
    body: intakeBody,
    response: intakeReceipt,
    successStatus: 202,
  },
  {
    operationId: 'getPrivacyRequestConfirmation',
    problems: ['linkUsed', 'linkExpired'],
    method: 'GET',
    path: INTAKE_CONFIRMATION_PATH,
    handler: 'privacy-request-intake',
    auth: 'public',
    summary: 'The page the confirmation link opens: the request and a button; opening it forwards nothing',
    tags: ['privacy-requests', 'public'],
    params: intakeLinkPath,
    response: z.string(),
    successStatus: 200,
    produces: 'text/html',
  },
  {
    operationId: 'confirmPrivacyRequest',
    problems: ['linkUsed', 'linkExpired'],
    method: 'POST',
    path: INTAKE_CONFIRMATION_PATH,
    handler: 'privacy-request-intake',
    auth: 'public',
    summary: "The sender's confirmation (the page's button): the request is recorded for the organisation and forwarded, once, before the link expires",
    tags: ['privacy-requests', 'public'],
    params: intakeLinkPath,
    response: z.string(),
    successStatus: 200,
    produces: 'text/html',
  },
] as const satisfies readonly RouteDefinition[];
