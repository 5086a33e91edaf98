import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * The one format of the signed public-link tokens (consent links, export links): the parts
 * joined by dots, then a dot and the base64url HMAC-SHA256 of `<label>:<parts joined by dots>`
 * under the link-signing key. The label keeps one purpose's signature from opening another's
 * link. Issued tokens must keep verifying: this format does not change.
 */

export function signParts(key: Buffer, label: string, parts: readonly string[]): string {
  return createHmac('sha256', key).update(`${label}:${parts.join('.')}`).digest('base64url');
}

/** `parts` followed by their signature: a token `verifySigned` accepts under the same label. */
export function signedToken(key: Buffer, label: string, parts: readonly string[]): string {
  return `${parts.join('.')}.${signParts(key, label, parts)}`;
}

/**
 * The parts of a token that matches `pattern` (one group per part, the signature the last
 * group) and carries their signature under `label`; otherwise `undefined`.
 */
export function verifySigned(key: Buffer, label: string, pattern: RegExp, token: string): string[] | undefined {
  const match = pattern.exec(token);
  if (!match) return undefined;
  const parts = match.slice(1, -1);
  // Compared as text: base64url's last character has spare bits, so decoding would let a
  // changed character through.
  const given = Buffer.from(match.at(-1)!);
  const expected = Buffer.from(signParts(key, label, parts));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return parts;
}

/**
 * obligation: TEN-3 — the tenant a public link names (every link's first part is its tenant's id),
 * read before the signature is checked: it only narrows what the request may reach to that
 * tenant's partitions, where the service then checks the signature before reading anything.
 */
export function linkTenant(token: unknown): string | undefined {
  const first = typeof token === 'string' ? token.split('.', 1)[0] : undefined;
  return first !== undefined && /^[0-9a-z]{26}$/.test(first) ? first : undefined;
}
