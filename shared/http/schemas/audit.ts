import * as z from 'zod/mini';
import { timestamp } from './common.ts';

export const AUDIT_ACTIONS = ['create', 'read', 'update', 'delete'] as const;

export const auditEntry = z.object({
  at: timestamp,
  /** `key:<id>` for a tenant API key, `operator:<IAM principal>` for vendor staff (TEN-4). */
  actor: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  entity: z.string(),
  entityId: z.string(),
  /** Field names only, never values (AUD-1). */
  fields: z.array(z.string()),
});

export const listAuditQuery = z.strictObject({
  entity: z.optional(z.string().check(z.maxLength(40))),
  actor: z.optional(z.string().check(z.maxLength(300))),
  /** Default: 30 days before `to`. At most 366 days before `to`. */
  from: z.optional(timestamp),
  /** Default: now. */
  to: z.optional(timestamp),
  limit: z._default(z.coerce.number().check(z.multipleOf(1, 'must be a whole number'), z.gte(1), z.lte(100)), 50),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});
