import { createHash, randomBytes } from 'node:crypto';
import { signedToken, verifySigned } from './signed-token.ts';

/**
 * obligation: CON-1 — the tokens of the public consent links. A token names the tenant, the data
 * subject (ids only) and the purpose, and carries an HMAC over them under the link-signing key,
 * so a forged or altered link is refused before anything is read. A confirmation token also
 * carries 128 random bits: only the SHA-256 of the whole token is stored with the pending record,
 * which makes the link single-use (the record leaves `pending`) and replaced by a newer request.
 * A withdrawal token has no nonce: the person may use it any number of times.
 */
export type LinkKind = 'confirm' | 'withdraw';

export interface LinkTarget {
  tenantId: string;
  subjectId: string;
  purpose: string;
}

const ID = '[0-9a-z]{26}';
const PURPOSE = '[a-z][a-z0-9-]{0,39}';
const B64 = (n: number) => `[A-Za-z0-9_-]{${n}}`;
export const CONFIRM_TOKEN = new RegExp(`^(${ID})\\.(${ID})\\.(${PURPOSE})\\.(${B64(22)})\\.(${B64(43)})$`);
export const WITHDRAW_TOKEN = new RegExp(`^(${ID})\\.(${ID})\\.(${PURPOSE})\\.(${B64(43)})$`);

/** A new confirmation token and the hash to store with the pending record. */
export function newConfirmToken(key: Buffer, target: LinkTarget): { token: string; hash: string } {
  const parts = [target.tenantId, target.subjectId, target.purpose, randomBytes(16).toString('base64url')];
  const token = signedToken(key, 'confirm', parts);
  return { token, hash: tokenHash(token) };
}

export function withdrawToken(key: Buffer, target: LinkTarget): string {
  return signedToken(key, 'withdraw', [target.tenantId, target.subjectId, target.purpose]);
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The target of a well-formed, correctly signed token of this kind; otherwise `undefined`. */
export function verifyToken(key: Buffer, kind: LinkKind, token: string): LinkTarget | undefined {
  const parts = verifySigned(key, kind, kind === 'confirm' ? CONFIRM_TOKEN : WITHDRAW_TOKEN, token);
  if (!parts) return undefined;
  return { tenantId: parts[0]!, subjectId: parts[1]!, purpose: parts[2]! };
}
