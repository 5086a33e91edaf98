/**
 * obligation: SEC-5 — an error of a dependency that is down, stalled or throttling rather than of
 * the request or of our code: the SDK gave up after its attempts (shared/clients/endpoint.ts), so
 * the caller should retry later. Answered 503 with Retry-After instead of 500.
 */
const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);
const THROTTLING_NAMES = new Set(['ThrottlingException', 'Throttling', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TooManyRequestsException']);
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Seconds a caller should wait: a throttled dependency recovers within a second or two, one that is down takes longer. */
export const RETRY_AFTER_SECONDS = { throttled: 2, unavailable: 10 } as const;

export function dependencyFailure(error: unknown): { retryAfterSeconds: number } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  if (e.name !== undefined && THROTTLING_NAMES.has(e.name)) return { retryAfterSeconds: RETRY_AFTER_SECONDS.throttled };
  const status = e.$metadata?.httpStatusCode;
  if ((e.name !== undefined && UNAVAILABLE_NAMES.has(e.name)) || (e.code !== undefined && CONNECTION_CODES.has(e.code)) || (status !== undefined && status >= 500)) {
    return { retryAfterSeconds: RETRY_AFTER_SECONDS.unavailable };
  }
  // The SDK wraps some socket errors once.
  return e.cause === undefined || e.cause === error ? undefined : dependencyFailure(e.cause);
}
