import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/*
 * obligation: DAT-9 — the only form in which a credential is kept: a slow, salted, peppered hash
 * in a PHC-style string, `$scrypt$ln=15,r=8,p=3,k=1$<salt>$<hash>` (base64url), that can be
 * checked and never turned back.
 *
 * Parameters: scrypt with N = 2^15, r = 8, p = 3 is one of the equivalent settings OWASP's
 * Password Storage Cheat Sheet gives as the minimum (N = 2^17 with p = 1 would need 128 MiB per
 * hash, more than a 256 MB function can spare): 32 MiB of memory, which makes GPU and ASIC
 * guessing costly, and about 0.25 s of one core per hash. Each credential gets 16 random bytes of
 * salt, so equal PINs hash differently and nothing can be precomputed. Before scrypt, the value is
 * keyed with HMAC-SHA256 under the pepper (`credentialPepper`, held in Secrets Manager, never in
 * the table) and bound to tenant, subject and name: a stolen table alone does not let anyone try
 * the 10,000 four-digit PINs, and a hash copied to another credential does not check there.
 * The parameters are stored with each hash, so stronger ones can be introduced later and old
 * hashes still check.
 */

/** scrypt's cost (log2 N), block size and parallelism; `k` is the pepper's version (`credential-pepper-v1`). */
export const CREDENTIAL_HASH = { ln: 15, r: 8, p: 3, k: 1, saltBytes: 16, keyBytes: 32 } as const;

/** Where a credential belongs: its hash is bound to it. */
export interface CredentialContext {
  tenantId: string;
  subjectId: string;
  name: string;
}

interface Params {
  ln: number;
  r: number;
  p: number;
  k: number;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2}),k=(\d{1,3})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{32,128})$/;

function peppered(pepper: Buffer, context: CredentialContext, value: string): Buffer {
  // Ids and names hold no line break: the fields cannot run into each other.
  return createHmac('sha256', pepper).update(`${context.tenantId}\n${context.subjectId}\n${context.name}\n`).update(value, 'utf8').digest();
}

function derive(input: Buffer, salt: Buffer, params: Params, keyBytes: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  return new Promise((resolve, reject) => {
    // scrypt needs about 128 * N * r bytes; Node refuses more than 32 MiB unless told.
    scrypt(input, salt, keyBytes, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** obligation: DAT-9 — the stored form of a value (already normalised, `normaliseCredential`). */
export async function hashCredential(pepper: Buffer, context: CredentialContext, value: string): Promise<string> {
  const { ln, r, p, k, saltBytes, keyBytes } = CREDENTIAL_HASH;
  const salt = randomBytes(saltBytes);
  const key = await derive(peppered(pepper, context, value), salt, { ln, r, p, k }, keyBytes);
  return `$scrypt$ln=${ln},r=${r},p=${p},k=${k}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * obligation: DAT-9 — whether a presented value is the one hashed: derived again with the stored
 * salt and parameters, compared in constant time. A stored string that is not a hash of this
 * form is an error, never a match.
 */
export async function credentialMatches(pepper: Buffer, context: CredentialContext, value: string, stored: string): Promise<boolean> {
  const parsed = PHC.exec(stored);
  if (!parsed) throw new Error('The stored credential is not a hash this version can check');
  const [ln, r, p, k] = parsed.slice(1, 5).map(Number) as [number, number, number, number];
  if (k !== CREDENTIAL_HASH.k || ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16) {
    throw new Error('The stored credential hash has parameters this version does not use');
  }
  const salt = Buffer.from(parsed[5]!, 'base64url');
  const expected = Buffer.from(parsed[6]!, 'base64url');
  const actual = await derive(peppered(pepper, context, value), salt, { ln, r, p, k }, expected.length);
  return timingSafeEqual(actual, expected);
}
