import { hkdfSync } from 'node:crypto';
import { runtime } from '../config/runtime.ts';
import { secretKey } from './secret-key.ts';

/** obligation: DAT-6 — the blind-index secret (BLIND_INDEX_SECRET_ARN). */
export const blindIndexSecret = secretKey(() => runtime.blindIndexKey, () => runtime.blindIndexSecretArn, 'blind-index secret');

let pepper: Promise<Buffer> | undefined;

/**
 * obligation: DAT-9 — the pepper of credential hashes: derived from the blind-index secret with
 * HKDF under its own label. A PIN has only 10,000 values, which a slow
 * hash alone slows but cannot hide from whoever holds a copy of the table; with the pepper, the
 * table alone is not enough: guessing also needs this secret, which lives in Secrets Manager.
 */
export function credentialPepper(): Promise<Buffer> {
  pepper ??= blindIndexSecret().then((secret) => Buffer.from(hkdfSync('sha256', secret, 'skrbnik', 'credential-pepper-v1', 32)));
  pepper.catch(() => (pepper = undefined));
  return pepper;
}
