import { PROBLEM_CONTENT_TYPE, problemBody } from './problem.ts';
import type { ProblemKind } from './problem.ts';

/**
 * Answers API Gateway gives before any handler runs, as problem documents. The CDK stack
 * installs them as Gateway Responses and the local API server sends the same bodies, so a client
 * sees one error format from both.
 */
export const GATEWAY_RESPONSES = {
  /** No key, or the authorizer refused it (missing, malformed, unknown, revoked, expired). */
  UNAUTHORIZED: { status: 401, kind: 'unauthorized', detail: 'Send a valid API key as a Bearer token' },
  /** The authorizer's policy denied the call. */
  ACCESS_DENIED: { status: 403, kind: 'forbidden', detail: 'These credentials may not call this route' },
  /** API Gateway's answer both to an unknown route and to an operator route without a signature. */
  MISSING_AUTHENTICATION_TOKEN: {
    status: 403,
    kind: 'forbidden',
    detail: 'No such route, or the operator credentials (SigV4) are missing',
  },
  INVALID_SIGNATURE: { status: 403, kind: 'forbidden', detail: 'The operator signature is not valid' },
  THROTTLED: { status: 429, kind: 'tooManyRequests', detail: 'Slow down and retry with the same Idempotency-Key' },
  REQUEST_TOO_LARGE: { status: 413, kind: 'invalidRequest', detail: 'The request body is too large' },
  /** Any other refusal by API Gateway itself (an expired signature, a quota, …). */
  DEFAULT_4XX: { status: 400, kind: 'invalidRequest', detail: 'API Gateway refused the request' },
  DEFAULT_5XX: { status: 500, kind: 'internal', detail: 'Something failed on our side' },
} as const satisfies Record<string, { status: number; kind: ProblemKind; detail: string }>;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSES;

export function gatewayResponseBody(type: GatewayResponseType): string {
  const { kind, detail, status } = GATEWAY_RESPONSES[type];
  return JSON.stringify({ ...problemBody(kind, detail), status });
}

export const GATEWAY_RESPONSE_CONTENT_TYPE = PROBLEM_CONTENT_TYPE;
