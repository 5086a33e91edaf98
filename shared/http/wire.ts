import * as z from 'zod/mini';
import { id, localDate } from '../model/common.ts';

/**
 * Wire shapes that several functions' routes share: path parameters, paging and the query
 * parts of a URL. Each function's own shapes stand in its route file (`routes/<function>.ts`).
 * Every list caps its page size (the limit is in the OpenAPI document) and pages with an
 * opaque cursor.
 */

/** A page size: a whole number from 1 to `max`, `fallback` when not given. */
export const limit = (max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.multipleOf(1, 'must be a whole number'), z.gte(1), z.lte(max)), fallback);
/** The cursor a previous page returned. */
export const cursor = z.optional(z.string().check(z.minLength(1), z.maxLength(2048)));

export const listQuery = z.strictObject({ limit: limit(100, 25), cursor });

export const tenantPath = z.strictObject({ tenantId: id });
export const subjectPath = z.strictObject({ subjectId: id });
export const incidentPath = z.strictObject({ incidentId: id });

export const liabilityCapQuery = z.strictObject({ at: z.optional(localDate) });

/*
 * What an idempotency record keeps of an answer, for answers with free text a person may have
 * written into (a reason, a description, categories): ids, kinds, states and times only.
 */
/** A replay shows the record's ids and kind, never its free text (categories, reference, reasons). */
export const DISCLOSURE_REPLAY = ['id', 'at', 'recipient', 'kind', 'subjectIds', 'by', 'basis', 'actor'];
/** A replay shows the request's ids and state, never its description or the resolution's summary. */
export const ASSISTANCE_REPLAY = ['id', 'tenantId', 'privacyRequestId', 'urgency', 'status', 'createdAt'];
/** A replay shows the hold's ids and state, never its reason. */
export const HOLD_REPLAY = ['id', 'scope', 'subjectId', 'placedBy', 'placedAt', 'status'];
