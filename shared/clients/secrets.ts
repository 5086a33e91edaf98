import { hkdfSync } from 'node:crypto';
import { runtime } from '../config/runtime.ts';
import { clientConfig } from './endpoint.ts';

let key: Promise<Buffer> | undefined;

/**
 * The blind-index secret: from Secrets Manager in the cloud (fetched once per cold start), from
 * the environment on the local platform, where it is generated per data folder.
 */
export function blindIndexSecret(): Promise<Buffer> {
  key ??= (async () => {
    const local = runtime.blindIndexKey;
    if (local !== undefined) return Buffer.from(local, 'hex');
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const client = new SecretsManagerClient(clientConfig(undefined));
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: runtime.blindIndexSecretArn }));
    if (!SecretString) throw new Error('The blind-index secret is empty');
    return Buffer.from(SecretString, 'utf8');
  })();
  // A failed fetch is not kept: the next call tries again.
  key.catch(() => (key = undefined));
  return key;
}

let linkKey: Promise<Buffer> | undefined;

/**
 * The key that signs public links (consent confirmation and withdrawal, CON-1): derived from the
 * blind-index secret with HKDF under its own label, so no second secret has to be provisioned and
 * rotated, yet a link signature reveals nothing about the blind-index key and the reverse.
 */
export function linkSigningKey(): Promise<Buffer> {
  linkKey ??= blindIndexSecret().then((secret) => Buffer.from(hkdfSync('sha256', secret, 'skrbnik', 'public-link-signing-v1', 32)));
  linkKey.catch(() => (linkKey = undefined));
  return linkKey;
}

let pepper: Promise<Buffer> | undefined;

/**
 * obligation: DAT-9 — the pepper of credential hashes: derived from the blind-index secret with
 * HKDF under its own label, as the link-signing key is. A PIN has only 10,000 values, which a slow
 * hash alone slows but cannot hide from whoever holds a copy of the table; with the pepper, the
 * table alone is not enough: guessing also needs this secret, which lives in Secrets Manager.
 */
export function credentialPepper(): Promise<Buffer> {
  pepper ??= blindIndexSecret().then((secret) => Buffer.from(hkdfSync('sha256', secret, 'skrbnik', 'credential-pepper-v1', 32)));
  pepper.catch(() => (pepper = undefined));
  return pepper;
}
