import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import { newId } from '../ids.ts';
import { InvalidCursor, fromCursor } from './cursor.ts';
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
  uow.put('audit', { Item: auditItem(scope, event, newId(event.at)), ConditionExpression: 'attribute_not_exists(pk)' });
}

/** One entry, in the tenant's month partition; `uniqueId` orders entries of the same instant. */
export function auditItem(scope: TenantScope, event: AuditEvent, uniqueId: string) {
  const at = event.at.toISOString();
  return {
    pk: keys.auditPartition(scope.tenantId, event.at),
    sk: `${at}#${uniqueId}`,
    type: 'audit',
    at,
    actor: event.actor,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId,
    fields: [...event.fields],
  };
}

const MONTH = /^\d{4}-\d{2}$/;

/**
 * The first instant of each UTC month from `from` to `to`, both included, oldest first: the
 * month partitions a tenant's audit entries between them can be in (the trail, an export, a
 * tenant deletion).
 */
export function auditMonths(from: Date, to: Date): Date[] {
  const months: Date[] = [];
  for (let m = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1)); m <= to; m.setUTCMonth(m.getUTCMonth() + 1)) months.push(new Date(m));
  return months;
}

export interface AuditFilter {
  from: Date;
  to: Date;
  entity?: string;
  actor?: string;
}

/** The tenant's audit trail, newest first, across its month partitions, with one opaque cursor. */
export function auditRepository(scope: TenantScope) {
  return {
    async list(filter: AuditFilter, limit: number, cursor?: string) {
      const position = decodeAuditCursor(cursor);
      const items: Record<string, unknown>[] = [];
      // Newest first, as `YYYY-MM`: the cursor names a month.
      const all = auditMonths(filter.from, filter.to).map((month) => month.toISOString().slice(0, 7)).reverse();
      let index = position ? all.indexOf(position.month) : 0;
      if (index < 0) throw new InvalidCursor();
      let start = position?.key;
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':from': filter.from.toISOString(), ':to': `${filter.to.toISOString()}~` };
      const conditions: string[] = [];
      if (filter.entity) {
        names['#entity'] = 'entity';
        values[':entity'] = filter.entity;
        conditions.push('#entity = :entity');
      }
      if (filter.actor) {
        names['#actor'] = 'actor';
        values[':actor'] = filter.actor;
        conditions.push('#actor = :actor');
      }
      for (; index < all.length; index++) {
        const partition = keys.auditPartition(scope.tenantId, new Date(`${all[index]}-01T00:00:00Z`));
        if (start && start.pk !== partition) throw new InvalidCursor();
        do {
          const page = await fromCursor(start, () => documentClient.send(
            new QueryCommand({
              TableName: runtime.tableName,
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
              ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names } : {}),
              ExpressionAttributeValues: { ...values, ':pk': partition },
              ScanIndexForward: false,
              Limit: limit - items.length,
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          ));
          items.push(...(page.Items ?? []));
          start = page.LastEvaluatedKey as { pk: string; sk: string } | undefined;
          if (items.length >= limit) {
            const next = start ? { month: all[index]!, key: start } : index + 1 < all.length ? { month: all[index + 1]! } : undefined;
            return { items: items.map(entryOf), ...(next ? { nextCursor: encodeAuditCursor(next) } : {}) };
          }
        } while (start);
      }
      return { items: items.map(entryOf) };
    },
  };
}

function entryOf(item: Record<string, unknown>) {
  const { at, actor, action, entity, entityId, fields } = item;
  return { at, actor, action, entity, entityId, fields } as { at: string; actor: string; action: AuditAction; entity: string; entityId: string; fields: string[] };
}

interface AuditPosition {
  month: string;
  key?: { pk: string; sk: string };
}

function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeAuditCursor(cursor: string | undefined): AuditPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as AuditPosition;
    if (typeof parsed.month !== 'string' || !MONTH.test(parsed.month)) throw new Error();
    if (parsed.key !== undefined && (typeof parsed.key.pk !== 'string' || typeof parsed.key.sk !== 'string' || Object.keys(parsed.key).length !== 2)) {
      throw new Error();
    }
    return parsed;
  } catch {
    throw new InvalidCursor();
  }
}
