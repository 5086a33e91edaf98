import * as z from 'zod/mini';
import { auditEntry } from '../../model/audit.ts';
import { page, timestamp } from '../../model/common.ts';
import { ADMIN } from '../route-definition.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { cursor, limit } from '../wire.ts';

const listAuditQuery = z.strictObject({
  entity: z.optional(z.string().check(z.maxLength(40))),
  actor: z.optional(z.string().check(z.maxLength(300))),
  /** Default: 30 days before `to`. At most 366 days before `to`. */
  from: z.optional(timestamp),
  /** Default: now. */
  to: z.optional(timestamp),
  limit: limit(100, 50),
  cursor,
});

/** The routes the `audit-trail` function serves. */
export const AUDIT_TRAIL_ROUTES = [
  {
    operationId: 'listAudit',
    method: 'GET',
    path: '/v1/audit',
    handler: 'audit-trail',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'The audit trail, newest first: who touched which personal data and when (never the values)',
    tags: ['audit'],
    query: listAuditQuery,
    response: page(auditEntry),
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];
