import * as z from 'zod/mini';
import { timestamp } from './common.ts';

export const AUDIT_ACTIONS = ['create', 'read', 'update', 'delete'] as const;

export const auditEntry = z.object({
  at: timestamp,
  /** `key:<id>` for a tenant API key, `operator:<pseudonym of the IAM principal>` for vendor staff (TEN-4). */
  actor: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  entity: z.string(),
  entityId: z.string(),
  /** Field names only, never values (AUD-1). */
  fields: z.array(z.string()),
});
