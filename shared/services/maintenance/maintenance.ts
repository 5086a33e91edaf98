import { runtime } from '../../config/runtime.ts';
import { checkLeadTime, overrunAt, statusAt, windowEnd } from '../../domain/maintenance.ts';
import { checkPublicTexts } from '../../domain/breach-communication.ts';
import { RuleViolation } from '../../domain/rule-violation.ts';
import { holdsData } from '../../domain/tenant.ts';
import type { OperatorAuth } from '../../http/auth.ts';
import type { MaintenanceNoticeRecord, MaintenanceView, ScheduleMaintenanceInput } from '../../model/maintenance.ts';
import { NOTICE_KINDS } from '../../model/maintenance.ts';
import type { Tenant } from '../../model/tenant.ts';
import { Problem } from '../../http/problem.ts';
import { newId } from '../../ids.ts';
import { maintenanceStore } from '../../store/maintenance.ts';
import type { StoredMaintenance } from '../../store/maintenance.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { tenants } from '../../store/tenants.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';

/** The tenants a maintenance's notices go to: the listed ones, or all that held data when it was scheduled. */
export async function* affectedTenants(m: StoredMaintenance): AsyncGenerator<Tenant> {
  if (m.appliesTo === 'listed') {
    for (const id of m.affectedTenantIds ?? []) {
      const tenant = await tenants.get(TenantScope.named(id));
      if (tenant && holdsData(tenant)) yield tenant;
    }
    return;
  }
  // Tenants registered after the announcement were not announced to; the status page tells them.
  for await (const tenant of tenants.each()) if (holdsData(tenant) && tenant.createdAt <= m.createdAt) yield tenant;
}

/** The operator's view: the stored item, its status and overrun at `now`, its notice records. */
export function viewOf(m: StoredMaintenance, now: Date, notices?: MaintenanceNoticeRecord[]): MaintenanceView {
  const order = (r: MaintenanceNoticeRecord) => NOTICE_KINDS.indexOf(r.kind);
  return {
    ...m,
    status: statusAt(m, now),
    overrun: overrunAt(m, now),
    ...(notices === undefined ? {} : { notices: [...notices].sort((a, b) => order(a) - order(b)) }),
  };
}

/**
 * obligation: MNT-1 — schedules maintenance: refused when announced later than the stage's lead
 * time unless it is an emergency, which is recorded as not planned (SLA-2). The announcement goes
 * out right after the commit (see `dispatchNotices`), so it is dated with this request.
 */
export async function scheduleMaintenance(uow: UnitOfWork, input: ScheduleMaintenanceInput, auth: OperatorAuth, now: Date): Promise<StoredMaintenance> {
  const startsAt = new Date(input.startsAt);
  const emergency = input.emergency ?? false;
  const leadHours = runtime.maintenanceLeadHours;
  const decision = checkLeadTime({ startsAt, now, leadHours, emergency });
  checkPublicTexts({ 'description.sl': input.description.sl, 'description.en': input.description.en });
  if (input.affectedTenantIds) {
    const states = await tenants.states(input.affectedTenantIds);
    for (const [i, id] of input.affectedTenantIds.entries()) {
      const status = states.get(id);
      if (!status || !holdsData({ status })) throw new RuleViolation(`affectedTenantIds.${i}`, 'is not a tenant whose data the platform holds');
    }
  }
  const times = { startsAt: startsAt.toISOString(), expectedMaxDurationMinutes: input.expectedMaxDurationMinutes };
  const m: StoredMaintenance = {
    id: newId(now),
    ...times,
    endsAt: windowEnd(times).toISOString(),
    components: input.components,
    description: input.description,
    emergency,
    appliesTo: input.affectedTenantIds ? 'listed' : 'all',
    ...(input.affectedTenantIds ? { affectedTenantIds: input.affectedTenantIds } : {}),
    leadHours,
    ...decision,
    createdAt: now.toISOString(),
    createdBy: auth.actor,
    version: 1,
  };
  maintenanceStore.create(uow, m);
  return m;
}

export async function readMaintenance(id: string) {
  const found = await maintenanceStore.get(id);
  if (!found) throw new Problem('notFound', 'No such maintenance');
  return found;
}

/** Records the start ahead of the job (which starts it at `startsAt` otherwise). */
export async function startMaintenance(uow: UnitOfWork, id: string, auth: OperatorAuth, now: Date): Promise<StoredMaintenance> {
  const { maintenance: m } = await readMaintenance(id);
  if (m.completedAt !== undefined) throw new Problem('conflict', 'This maintenance is completed');
  if (m.startedAt !== undefined) throw new Problem('conflict', 'This maintenance has started already');
  maintenanceStore.recordStart(uow, m, now.toISOString(), auth.actor);
  return { ...m, startedAt: now.toISOString(), version: m.version + 1 };
}

/** obligation: MNT-2 — records the completion; the completion notice goes out after the commit. */
export async function completeMaintenance(uow: UnitOfWork, id: string, auth: OperatorAuth, now: Date): Promise<StoredMaintenance> {
  const { maintenance: m } = await readMaintenance(id);
  if (m.completedAt !== undefined) throw new Problem('conflict', 'This maintenance is completed already');
  if (statusAt(m, now) === 'scheduled') {
    throw new Problem('conflict', 'This maintenance has not started: record its start first, or wait for its start time');
  }
  maintenanceStore.recordCompletion(uow, m, now.toISOString(), auth.actor);
  return { ...m, startedAt: m.startedAt ?? m.startsAt, completedAt: now.toISOString(), version: m.version + 1 };
}
