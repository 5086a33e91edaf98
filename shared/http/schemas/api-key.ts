import { z } from 'zod';
import { id, timestamp } from './common.ts';

/** obligation: TEN-2 — `capture` for data capture devices, `admin` for everything else. */
export const SCOPES = ['capture', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(SCOPES))
    .min(1)
    .refine((s) => new Set(s).size === s.length, 'scopes must not repeat'),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyBody>;

export const rotateApiKeyBody = z
  .strictObject({
    /** How long the old secret keeps working, so devices can switch over. */
    gracePeriodHours: z.number().int().min(0).max(168).default(24),
  })
  .default({ gracePeriodHours: 24 });

export const apiKey = z.object({
  id,
  name: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  createdAt: timestamp,
  createdBy: z.string(),
  /** Set when the key was rotated: it stops working at this time. */
  expiresAt: timestamp.optional(),
  revokedAt: timestamp.optional(),
  /** The key this one replaced by rotation. */
  rotatedFrom: id.optional(),
  status: z.enum(['active', 'expiring', 'expired', 'revoked']),
  /** Older than the deployment's maximum key age: rotate it (TEN-2). */
  rotationDue: z.boolean(),
});
export type ApiKeyView = z.infer<typeof apiKey>;

export const apiKeyWithSecret = apiKey.extend({
  /** Shown once, at creation or rotation; only its hash is stored. */
  secret: z.string(),
});

export const tenantKeyPath = z.strictObject({ keyId: id });
export const operatorKeyPath = z.strictObject({ tenantId: id, keyId: id });
