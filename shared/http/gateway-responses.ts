import { PROBLEM_CONTENT_TYPE, problemBody } from './problem.ts';
import type { ProblemKind } from './problem.ts';
import { RETRY_AFTER_SECONDS } from './dependency-failure.ts';

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
  /**
   * API Gateway's answer both to an unknown route and to an operator route without a signature:
   * 404, as for any resource that is not there (RFC 9110), rather than API Gateway's own 403. An
   * unsigned caller learns nothing about which operator routes exist.
   */
  MISSING_AUTHENTICATION_TOKEN: {
    status: 404,
    kind: 'notFound',
    detail: 'No such route (an operator route answers this too without its SigV4 signature)',
  },
  INVALID_SIGNATURE: { status: 403, kind: 'forbidden', detail: 'The operator signature is not valid' },
  /** The stage's throttling: a token bucket refilled every second, so a second's wait is enough to retry. */
  THROTTLED: {
    status: 429,
    kind: 'tooManyRequests',
    detail: 'Slow down and retry with the same Idempotency-Key',
    headers: { 'Retry-After': '1' },
  },
  REQUEST_TOO_LARGE: { status: 413, kind: 'invalidRequest', detail: 'The request body is too large' },
  /**
   * obligation: SEC-5 — the authorizer failed rather than refused (its table read timed out, the
   * database is down): the key was not judged, so 503 and a retry, not a 401 that would tell a
   * client its valid key is wrong.
   */
  AUTHORIZER_FAILURE: {
    status: 503,
    kind: 'serviceUnavailable',
    detail: 'The key could not be checked just now; retry after Retry-After',
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS.unavailable) },
  },
  /**
   * obligation: SEC-5 — the handler did not answer within API Gateway's 29 s (its dependencies'
   * budgets keep it well inside, shared/clients/endpoint.ts): a change may have been made.
   */
  INTEGRATION_TIMEOUT: {
    status: 503,
    kind: 'serviceUnavailable',
    detail: 'The outcome is unknown: the change may have been made; retrying with the same Idempotency-Key is safe',
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS.unavailable) },
  },
  /** Any other refusal by API Gateway itself (an expired signature, a quota, …). */
  DEFAULT_4XX: { status: 400, kind: 'invalidRequest', detail: 'API Gateway refused the request' },
  DEFAULT_5XX: { status: 500, kind: 'internal', detail: 'Something failed on our side' },
} as const satisfies Record<string, { status: number; kind: ProblemKind; detail: string; headers?: Record<string, string> }>;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSES;

export function gatewayResponseBody(type: GatewayResponseType): string {
  const { kind, detail, status } = GATEWAY_RESPONSES[type];
  return JSON.stringify({ ...problemBody(kind, detail), status });
}

export const GATEWAY_RESPONSE_CONTENT_TYPE = PROBLEM_CONTENT_TYPE;

/** The headers a gateway response carries besides its Content-Type (static values). */
export function gatewayResponseHeaders(type: GatewayResponseType): Record<string, string> {
  const entry = GATEWAY_RESPONSES[type];
  return 'headers' in entry ? entry.headers : {};
}
