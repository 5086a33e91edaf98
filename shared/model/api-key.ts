import { id, text, timestamp } from './common.ts';
import * as z from 'zod/mini';

/** obligation: TEN-2 — `capture` for data capture devices, `admin` for everything else. */
export const SCOPES = ['capture', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const createApiKeyBody = z.strictObject({
  name: text(1, 100),
  scopes: z
    .array(z.enum(SCOPES))
    .check(z.minLength(1), z.maxLength(SCOPES.length), z.refine((s) => new Set(s).size === s.length, 'scopes must not repeat')),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyBody>;

export const rotateApiKeyBody = z._default(
  z.strictObject({
    /** How long the old secret keeps working, so devices can switch over. */
    gracePeriodHours: z._default(z.number().check(z.multipleOf(1, 'must be whole hours'), z.gte(0), z.lte(168)), 24),
  }),
  { gracePeriodHours: 24 },
);

export const apiKey = z.object({
  id,
  name: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  createdAt: timestamp,
  createdBy: z.string(),
  /** Set when the key was rotated: it stops working at this time. */
  expiresAt: z.optional(timestamp),
  revokedAt: z.optional(timestamp),
  /** The key this one replaced by rotation. */
  rotatedFrom: z.optional(id),
  status: z.enum(['active', 'expiring', 'expired', 'revoked']),
  /** Older than the deployment's maximum key age: rotate it (TEN-2). */
  rotationDue: z.boolean(),
});
export type ApiKeyView = z.infer<typeof apiKey>;

export const apiKeyWithSecret = z.extend(apiKey, {
  /** Shown once, at creation or rotation; only its hash is stored. */
  secret: z.string(),
});
