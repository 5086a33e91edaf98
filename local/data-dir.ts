import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where `npm start` keeps its state: `.local/` in the checkout unless SKRBNIK_DATA_DIR says. */
export function dataDir(): string {
  return resolve(process.env.SKRBNIK_DATA_DIR ?? '.local');
}

export function wipe(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function readJson<T>(dir: string, name: string): T | undefined {
  const file = join(dir, name);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

export function writeJson(dir: string, name: string, value: unknown): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

export function removeFile(dir: string, name: string): void {
  rmSync(join(dir, name), { force: true });
}

/** The operator token persists with the data, so a restart keeps the same credentials. */
export function operatorToken(dir: string): string {
  const saved = readJson<{ token: string }>(dir, 'operator.json');
  if (saved) return saved.token;
  const token = `op_${randomBytes(24).toString('base64url')}`;
  writeJson(dir, 'operator.json', { token });
  return token;
}

/** The local stand-ins for the deployment's secrets in Secrets Manager, as hex. */
export interface LocalSecrets {
  /** The blind-index secret (DAT-6) the data was indexed with. */
  blindIndexKey: string;
  /** The key that signs public links (CON-1, DSR-5, DSR-8). */
  linkSigningKey: string;
  /**
   * The key of the e-mail suppression list's index (docs/email.md); a new one forgets every
   * suppressed address. Absent: the environment's value stays, or a new one is made.
   */
  suppressionIndexKey?: string;
}

/**
 * The secrets belong to the data: a new blind-index secret would orphan every index entry, a new
 * link-signing key every link already e-mailed. One missing from an older folder is added.
 */
export function localSecrets(dir: string): LocalSecrets {
  const saved = readJson<Partial<LocalSecrets>>(dir, 'secrets.json') ?? {};
  const secrets = {
    blindIndexKey: saved.blindIndexKey ?? newSecretKey(),
    linkSigningKey: saved.linkSigningKey ?? newSecretKey(),
    suppressionIndexKey: saved.suppressionIndexKey ?? newSecretKey(),
  };
  if (secrets.blindIndexKey !== saved.blindIndexKey || secrets.linkSigningKey !== saved.linkSigningKey || secrets.suppressionIndexKey !== saved.suppressionIndexKey) {
    writeJson(dir, 'secrets.json', secrets);
  }
  return secrets;
}

export const newSecretKey = (): string => randomBytes(32).toString('hex');
