import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { SCOPES } from '../model/api-key.ts';
import type { Scope } from '../model/api-key.ts';

/**
 * Seconds API Gateway (and the local platform, identically) caches an authorizer decision per
 * key. Revocation flushes the cache; an expiring rotated key may live this much longer.
 */
export const AUTHORIZER_CACHE_TTL_SECONDS = 60;

/** Header the tenant authorizer reads: `Authorization: Bearer <api key>`. */
export const TENANT_KEY_HEADER = 'Authorization';

/** What the authorizer hands to handlers: strings only, as API Gateway requires. */
export interface AuthorizerContext {
  tenantId: string;
  keyId: string;
  /** Space-separated scopes. */
  scopes: string;
  /** What the tenant's lifecycle state allows (DUN-3): `full`, or `capture` while dormant. */
  access: 'full' | 'capture';
}

export interface TenantAuth {
  kind: 'tenant';
  tenantId: string;
  keyId: string;
  scopes: Scope[];
  /** Audit actor: which key acted (AUD-1). */
  actor: string;
  access: 'full' | 'capture';
}

export interface OperatorAuth {
  kind: 'operator';
  /** The IAM principal (or the local operator) that signed the request (TEN-4). */
  principal: string;
  actor: string;
}

export interface PublicAuth {
  kind: 'public';
}

export type Auth = TenantAuth | OperatorAuth | PublicAuth;

/**
 * Handlers take the tenant only from the authorizer's context, never from a path or body
 * (obligation: TEN-3). Returns undefined when the context is missing or malformed.
 */
export function tenantAuthFrom(event: APIGatewayProxyEvent): TenantAuth | undefined {
  const ctx = event.requestContext.authorizer as Partial<AuthorizerContext> | null | undefined;
  if (!ctx?.tenantId || !ctx.keyId || typeof ctx.scopes !== 'string') return undefined;
  if (ctx.access !== 'full' && ctx.access !== 'capture') return undefined;
  const scopes = ctx.scopes.split(' ').filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
  return { kind: 'tenant', tenantId: ctx.tenantId, keyId: ctx.keyId, scopes, actor: `key:${ctx.keyId}`, access: ctx.access };
}

/**
 * What tenants see of an operator: a stable pseudonym of the IAM principal, not its ARN, which
 * names the vendor's AWS account and its staff member. The same person is always the same
 * pseudonym (TEN-4: a tenant can tell one operator's acts from another's); the vendor maps it back
 * through its own records (API Gateway's access log and CloudTrail name the principal).
 */
export function operatorActor(principal: string): string {
  return `operator:${createHash('sha256').update(principal).digest('hex').slice(0, 16)}`;
}

/** obligation: TEN-4 — operator identity comes from IAM (SigV4), separate from tenant keys. */
export function operatorAuthFrom(event: APIGatewayProxyEvent): OperatorAuth | undefined {
  const principal = event.requestContext.identity?.userArn;
  if (!principal) return undefined;
  return { kind: 'operator', principal, actor: operatorActor(principal) };
}
