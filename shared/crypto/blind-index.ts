import { createHmac } from 'node:crypto';
import type { LookupKind } from '../domain/subject.ts';

/**
 * obligation: DAT-6 — a keyed blind index. The tenant's own key is derived from the deployment's
 * secret, so the same e-mail in two tenants gives unrelated index values, and without the secret
 * an index value reveals nothing (no dictionary attack on e-mail addresses).
 */
export function blindIndex(secret: Buffer, tenantId: string, kind: LookupKind, normalisedValue: string): string {
  const tenantKey = createHmac('sha256', secret).update(`tenant:${tenantId}`).digest();
  return createHmac('sha256', tenantKey).update(`${kind}:${normalisedValue}`).digest('base64url');
}
