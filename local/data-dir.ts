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

/** The blind-index secret belongs to the data: a new one would orphan every index entry. */
export function blindIndexKey(dir: string): string {
  const saved = readJson<{ blindIndexKey: string }>(dir, 'secrets.json');
  if (saved) return saved.blindIndexKey;
  const key = randomBytes(32).toString('hex');
  writeJson(dir, 'secrets.json', { blindIndexKey: key });
  return key;
}
