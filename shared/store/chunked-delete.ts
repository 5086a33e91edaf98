import { deleteAll } from './batch.ts';

export type Key = { pk: string; sk: string };

/**
 * Keys to delete: `keys` in any order, then `last` only once every key given before it is gone.
 * A group with `last` is never split across chunks, so a checkpointed chunk holds the whole
 * group or none of it.
 */
export interface DeletionGroup {
  keys: Key[];
  last?: Key[];
}

export interface Chunk {
  first: Key[];
  last: Key[];
}

const size = (chunk: Chunk) => chunk.first.length + chunk.last.length;

/**
 * Cuts a stream of groups into chunks of at most `limit` keys (a group with `last` larger than
 * the limit makes a chunk of its own). Every chunk is deleted before the next is taken.
 */
export async function* chunksOf(groups: AsyncIterable<DeletionGroup>, limit: number): AsyncGenerator<Chunk> {
  let chunk: Chunk = { first: [], last: [] };
  for await (const { keys, last = [] } of groups) {
    if (last.length === 0) {
      for (const key of keys) {
        chunk.first.push(key);
        if (size(chunk) >= limit) {
          yield chunk;
          chunk = { first: [], last: [] };
        }
      }
      continue;
    }
    if (size(chunk) > 0 && size(chunk) + keys.length + last.length > limit) {
      yield chunk;
      chunk = { first: [], last: [] };
    }
    chunk.first.push(...keys);
    chunk.last.push(...last);
    if (size(chunk) >= limit) {
      yield chunk;
      chunk = { first: [], last: [] };
    }
  }
  if (size(chunk) > 0) yield chunk;
}

/**
 * Reads the next chunk while the caller deletes the current one, so queries and deletions
 * overlap. A chunk read ahead and then not taken is simply read again by the next run.
 */
export async function* readingAhead(chunks: AsyncGenerator<Chunk>): AsyncGenerator<Chunk> {
  let next = chunks.next();
  try {
    for (let result = await next; !result.done; result = await next) {
      next = chunks.next();
      yield result.value;
    }
  } finally {
    await next.catch(() => undefined);
    await chunks.return(undefined);
  }
}

/** Deletes a chunk: its `first` keys in parallel batches, then its `last` keys. */
export async function deleteChunk(chunk: Chunk): Promise<number> {
  return (await deleteAll(chunk.first)) + (await deleteAll(chunk.last));
}
