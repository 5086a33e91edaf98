import type { Scope } from '../model/api-key.ts';
import type { Schema } from '../model/zod.ts';
import type { ProblemKind } from './problem.ts';

/**
 * What a route is. Each function declares its own routes in `routes/<function>.ts` and loads
 * only those; `routes.ts` puts them together for what needs the whole table (the stack, the
 * local platform, the OpenAPI document).
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * `tenant`: a tenant API key through the REQUEST authorizer. `operator`: AWS IAM (SigV4) in the
 * cloud, the operator token on the local platform (TEN-4). `public`: no credentials.
 */
export type AuthKind = 'tenant' | 'operator' | 'public';

/** Each name is one Lambda function and one module `functions/http/<name>.ts`. */
export const HTTP_FUNCTIONS = [
  'operator-tenants',
  'api-keys',
  'tenant-profile',
  'subjects',
  'time-entries',
  'audit-trail',
  'billing',
  'operator-billing',
  'tenant-breach-communications',
  'operator-incidents',
  'tenant-incidents',
  'operator-maintenance',
  'status-page',
  'retention',
  'operator-retention',
  'tenant-exports',
  'export-links',
  'disclosures',
  'operator-disclosures',
  'assistance-requests',
  'operator-assistance-requests',
  'privacy-requests',
  'privacy-request-intake',
  'consents',
  'consent-links',
  'openapi',
] as const;
export type HttpFunctionName = (typeof HTTP_FUNCTIONS)[number];

export interface RouteDefinition {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** API Gateway resource path, with `{param}` placeholders. */
  readonly path: string;
  readonly handler: HttpFunctionName;
  readonly auth: AuthKind;
  /** For tenant routes: the key needs at least one of these scopes. */
  readonly scopes?: readonly Scope[];
  readonly summary: string;
  readonly tags: readonly string[];
  readonly params?: Schema;
  readonly query?: Schema;
  readonly body?: Schema;
  readonly response: Schema;
  /** 202: accepted for asynchronous work (an export); 303: see the `Location` the operation gives (a download). */
  readonly successStatus: 200 | 201 | 202 | 204 | 303;
  /** Updates take `If-Match` with the version they were read at. */
  readonly requiresIfMatch?: boolean;
  /**
   * For responses with secrets or personal data: the only fields an Idempotency-Key record keeps
   * and a replay shows, so that no idempotency record holds a secret or a personal value.
   */
  readonly replayKeeps?: readonly string[];
  /** A POST that changes nothing (a lookup): Idempotency-Key is ignored. */
  readonly safe?: boolean;
  /**
   * obligation: DAT-9 — the body carries a credential (a PIN, a password): no idempotency record
   * is kept, and Idempotency-Key is ignored. A record keeps a SHA-256 fingerprint of the body with
   * its salt beside it, and a fast hash of a body whose secret has 10,000 values (a four-digit PIN)
   * would give the PIN away. A retry repeats the operation, which is harmless here: setting the
   * same value again, or one more check (which counts towards the lock like any other).
   */
  readonly bodyHoldsSecret?: true;
  /** Money moves: a retry without the key could record it twice, so the key is required. */
  readonly requiresIdempotencyKey?: boolean;
  /** A page or a feed rather than JSON: the operation's body is the document, sent as this media type. */
  readonly produces?: 'text/html' | 'application/feed+json' | 'application/atom+xml';
  /** Public documents only: caches may keep the answer this long; an ETag makes GETs conditional. */
  readonly cacheSeconds?: number;
  /**
   * Problems the operation answers that its shape does not imply (the OpenAPI document derives
   * the rest from auth, parameters, body, If-Match and idempotency: shared/http/openapi.ts).
   */
  readonly problems?: readonly ProblemKind[];
}

/**
 * Whether a retry with the same `Idempotency-Key` replays the first answer: POSTs that change
 * something, called by a tenant or the operator. A public route's own token (a link) or fold (the
 * intake form) makes a retry harmless, and a record kept for an anonymous caller would outlive the
 * erasure and the deletion of the tenant whose data it answered with. A body with a credential in
 * it keeps no record either (`bodyHoldsSecret`, DAT-9).
 */
export function takesIdempotencyKey(route: RouteDefinition): boolean {
  return route.method === 'POST' && route.safe !== true && route.auth !== 'public' && route.bodyHoldsSecret !== true;
}

/** Routes for the tenant's administrators. */
export const ADMIN: readonly Scope[] = ['admin'];
/** Capture devices post and read time entries; administrators may too. */
export const CAPTURE: readonly Scope[] = ['capture', 'admin'];
