import { newId } from '../ids.ts';
import { keys } from './keys.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

export type AuditAction = 'create' | 'read' | 'update' | 'delete';

export interface AuditEvent {
  actor: string;
  action: AuditAction;
  entity: string;
  entityId: string;
  /** Names of the fields touched, never their values (AUD-1). */
  fields: readonly string[];
  at: Date;
}

/**
 * obligation: AUD-1 — the audit entry joins the change's own transaction, so there is no change
 * without its trace and no trace without its change.
 */
export function recordAudit(uow: UnitOfWork, scope: TenantScope, event: AuditEvent): void {
  const at = event.at.toISOString();
  uow.put('audit', {
    Item: {
      pk: keys.auditPartition(scope.tenantId, event.at),
      sk: `${at}#${newId(event.at)}`,
      type: 'audit',
      at,
      actor: event.actor,
      action: event.action,
      entity: event.entity,
      entityId: event.entityId,
      fields: [...event.fields],
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}
