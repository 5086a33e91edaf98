/**
 * Opaque list cursors: the last evaluated key, base64url-encoded. Decoding checks the shape and
 * that the cursor belongs to the very partition being listed, so a forged cursor can neither
 * reach another partition nor surface as a DynamoDB error.
 */
export class InvalidCursor extends Error {
  constructor() {
    super('The cursor is not valid for this list');
  }
}

type Key = Record<string, string>;

export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  if (lastKey === undefined) return undefined;
  return Buffer.from(JSON.stringify(lastKey)).toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  expected: { attributes: readonly string[]; partitionAttribute: string; partitionValue: string },
): Key | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidCursor();
  const entries = Object.entries(parsed);
  const names = entries.map(([name]) => name).sort();
  const wanted = [...expected.attributes].sort();
  if (names.length !== wanted.length || names.some((n, i) => n !== wanted[i])) throw new InvalidCursor();
  if (entries.some(([, v]) => typeof v !== 'string' || v.length === 0 || v.length > 1024)) {
    throw new InvalidCursor();
  }
  const key = parsed as Key;
  if (key[expected.partitionAttribute] !== expected.partitionValue) throw new InvalidCursor();
  return key;
}

/**
 * Runs a query that starts at a client's cursor. A cursor of the right partition can still name
 * a sort key outside the query's range, which DynamoDB refuses as a ValidationException: that is
 * the cursor's fault, not ours.
 */
export async function fromCursor<T>(cursor: unknown, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (cursor !== undefined && (error as Error).name === 'ValidationException') throw new InvalidCursor();
    throw error;
  }
}
