import { auditQueue } from '../clients/audit-queue.ts';
import { newId } from '../ids.ts';
import type { TenantScope } from '../store/tenant-scope.ts';

export interface ReadOf {
  actor: string;
  entity: string;
  entityIds: string[];
  fields: readonly string[];
  at: Date;
}

/**
 * obligation: AUD-1, TEN-4 — reads of personal data are audited off the write path: the entries
 * go to a durable queue before the response leaves (so none is lost) and a consumer writes
 * them, keeping every read at one DynamoDB request.
 */
export async function auditRead(scope: TenantScope, read: ReadOf): Promise<void> {
  if (read.entityIds.length === 0) return;
  await auditQueue().send({
    id: newId(read.at),
    tenantId: scope.tenantId,
    events: read.entityIds.map((entityId) => ({
      actor: read.actor,
      action: 'read',
      entity: read.entity,
      entityId,
      fields: [...read.fields],
      at: read.at.toISOString(),
    })),
  });
}
