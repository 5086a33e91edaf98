import { RuleViolation } from '../domain/rule-violation.ts';
import type { TenantAuth } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import type { CreateTimeEntryInput, TimeEntry } from '../model/time-entry.ts';
import { newId } from '../ids.ts';
import { recordAudit } from '../store/audit.ts';
import type { TenantScope } from '../store/tenant-scope.ts';
import { timeEntryRepository } from '../store/time-entries.ts';
import type { ConditionFailed, UnitOfWork } from '../store/unit-of-work.ts';
import { auditRead } from './read-audit.ts';
import { requireSubject } from './subjects.ts';

const utc = (time: string) => new Date(time).toISOString();

/**
 * obligation: DAT-8, DAT-4 — capture: one transaction checks the subject may be processed,
 * writes the entry and its audit entry. Times are kept in UTC.
 */
export function captureTimeEntry(uow: UnitOfWork, scope: TenantScope, subjectId: string, input: CreateTimeEntryInput, auth: TenantAuth, now: Date): TimeEntry {
  const times = input.type === 'interval' ? { start: utc(input.start), end: utc(input.end) } : { at: utc(input.at) };
  const entry: TimeEntry = {
    id: newId(now),
    subjectId,
    type: input.type,
    ...times,
    kind: input.kind,
    ...(input.note === undefined ? {} : { note: input.note }),
    ...(input.deviceId === undefined ? {} : { deviceId: input.deviceId }),
    recordedAt: now.toISOString(),
    recordedBy: auth.actor,
  };
  timeEntryRepository(scope).create(uow, entry);
  recordAudit(uow, scope, { actor: auth.actor, action: 'create', entity: 'time-entry', entityId: entry.id, fields: Object.keys(input), at: now });
  return entry;
}

/** Why a capture's subject check failed: unknown, erased or restricted. Only on the failure path. */
export async function explainCaptureRefusal(scope: TenantScope, subjectId: string, error: ConditionFailed): Promise<never> {
  if (error.label !== 'subject-processable') throw error;
  await requireSubject(scope, subjectId);
  throw new Problem('subjectRestricted', 'The data subject is restricted: no capture until the restriction is lifted (DAT-4)');
}

export async function listTimeEntries(
  scope: TenantScope,
  subjectId: string,
  query: { from?: string; to?: string; limit: number; cursor?: string },
  auth: TenantAuth,
  now: Date,
) {
  const range = { ...(query.from ? { from: utc(query.from) } : {}), ...(query.to ? { to: utc(query.to) } : {}) };
  if (range.from && range.to && range.from > range.to) throw new RuleViolation('from', 'must not be after to', 'query');
  // An erased subject's entries may still await deletion: the tombstone answers first (410).
  await requireSubject(scope, subjectId);
  const page = await timeEntryRepository(scope).list(subjectId, range, query.limit, query.cursor);
  await auditRead(scope, { actor: auth.actor, entity: 'time-entry', entityIds: page.items.map((e) => e.id), fields: ['type', 'times', 'kind', 'note'], at: now });
  return page;
}
