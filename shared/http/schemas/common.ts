import { z } from 'zod';

/** ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`). */
export const timestamp = z.iso.datetime({ offset: true });

export const id = z.string().regex(/^[0-9a-z]{26}$/, 'must be a 26-character lower-case id');

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    /** Opaque; absent on the last page. */
    nextCursor: z.string().optional(),
  });
}
