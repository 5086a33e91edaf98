import * as z from 'zod/mini';
import { id, timestamp } from './common.ts';

export const EXPORT_STATES = ['queued', 'running', 'ready', 'failed', 'expired', 'withdrawn'] as const;

/** A full tenant export as the tenant sees it (EXP-1, EXP-2). */
export const exportView = z.object({
  id,
  kind: z.enum(['full', 'subject']),
  state: z.enum(EXPORT_STATES),
  createdAt: timestamp,
  startedAt: z.optional(timestamp),
  readyAt: z.optional(timestamp),
  /** Seven days after `readyAt`: the file and every link to it are deleted then. */
  expiresAt: z.optional(timestamp),
  expiredAt: z.optional(timestamp),
  failedAt: z.optional(timestamp),
  /** A data subject in the export was erased (DSR-6): the file was deleted; request a new export. */
  withdrawnAt: z.optional(timestamp),
  withdrawnReason: z.optional(z.enum(['erasure'])),
  /** Bytes of the ZIP. */
  size: z.optional(z.number()),
  /** One NDJSON file per entity, with its line count (also in the ZIP's manifest.json). */
  files: z.optional(z.array(z.object({ name: z.string(), entity: z.string(), lines: z.number(), bytes: z.number() }))),
  attempts: z.number(),
});
export type ExportView = z.infer<typeof exportView>;

/** The body beside a 303: the same short-lived link as the `Location` header. */
export const downloadLink = z.object({
  url: z.string(),
  /** The link works until then (five minutes); the export itself until its `expiresAt`. */
  expiresAt: timestamp,
});
