/**
 * obligation: DSR-8 — how many requests one source address may send to the public routes, which
 * take no credentials. In the cloud each is a WAF rate-based rule on the API's stage (aggregated
 * by the client IP API Gateway sees, never a forwarded-for header, with a scope-down to the
 * operations named here, blocking with a 429 and `Retry-After`); the local API server applies the
 * same numbers itself (local/rate-limit.ts). Tenant and operator routes are held by the stage's
 * throttling and their credentials instead.
 */
export interface PublicRateLimit {
  /** The rule's name (the WAF rule, the local limiter's bucket). */
  readonly name: string;
  /** Requests one source address may send within the window; the next ones are refused. */
  readonly limit: number;
  /** The evaluation windows a WAF rate-based rule offers. */
  readonly windowSeconds: 60 | 120 | 300 | 600;
  /** The public operations it counts; every public route when absent. */
  readonly operationIds?: readonly string[];
}

export const PUBLIC_RATE_LIMITS: readonly PublicRateLimit[] = [
  // The vendor's intake form (DSR-8): each form sends an e-mail, so a person needs a few, a
  // flood is abuse. Ten is also the lowest limit a WAF rate-based rule takes.
  { name: 'privacy-request-intake', limit: 10, windowSeconds: 300, operationIds: ['submitPrivacyRequestToVendor'] },
  // Everything public together: the status page and its feeds, the OpenAPI document, the consent,
  // export and intake links (one a second on average; a person following links needs a handful).
  { name: 'public-routes', limit: 300, windowSeconds: 300 },
];
