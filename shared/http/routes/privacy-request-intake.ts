import { intakeBody, intakeReceipt } from '../../model/privacy-request.ts';
import type { RouteDefinition } from '../route-definition.ts';

/**
 * Data subjects' requests (DSR-1..DSR-10): the tenant records, verifies, decides and the platform
 * carries out and answers; the vendor's public intake only forwards (DSR-8).
 */
export const PRIVACY_REQUEST_INTAKE_ROUTES = [
  {
    operationId: 'submitPrivacyRequestToVendor',
    method: 'POST',
    path: '/v1/public/privacy-requests',
    handler: 'privacy-request-intake',
    auth: 'public',
    summary: 'For a person who writes to Skrbnik: the request is forwarded to the organisation that controls the data; Skrbnik does not answer it',
    tags: ['privacy-requests', 'public'],
    body: intakeBody,
    response: intakeReceipt,
    successStatus: 201,
  },
] as const satisfies readonly RouteDefinition[];
