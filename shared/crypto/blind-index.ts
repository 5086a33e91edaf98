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

/**
 * obligation: DAT-6, SEC-6 — the key of an address on the vendor-wide e-mail suppression list
 * (shared/notices/suppression.ts): an HMAC of the normalised address under the suppression-index
 * secret, which only the notice senders and the bounce handler read. Vendor-wide on purpose (the
 * same address in two tenants gives the same value): a mailbox that bounces for one tenant's
 * notice bounces for every sender, and the sending reputation is the vendor's.
 */
export function suppressionIndex(secret: Buffer, normalisedAddress: string): string {
  return createHmac('sha256', secret).update(`email-suppression:${normalisedAddress}`).digest('base64url');
}
