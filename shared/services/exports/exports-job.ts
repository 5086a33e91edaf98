import type { JobSummary, TimeBudget } from '../../jobs/handler.ts';
import { newId } from '../../ids.ts';
import { logger } from '../../powertools/logger.ts';
import { holdsData } from '../../domain/tenant.ts';
import { ExportMovedOn, dueExports, expiryOf, exportTransitions } from '../../store/exports.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { tenants } from '../../store/tenants.ts';
import type { ExportRecord } from '../../store/exports.ts';
import { deleteObject, objectKeys, objectsUnder } from './objects.ts';
import { produceTenantExport } from './tenant-export.ts';

/**
 * A production run holds its export this long: longer than the job's time limit (15 minutes),
 * so a live run never loses it, and a crashed run's export is taken over by a run after that.
 */
export const LEASE_MS = 16 * 60_000;

/** Runs a production may take before the export is given up as failed. */
export const MAX_ATTEMPTS = 3;

/** No production is started with less than this left of the invocation. */
export const PRODUCTION_RESERVE_MS = 5 * 60_000;

/** Audit entries carry their request's wall-clock time, which may be later than a scheduled `now`. */
const auditUntil = (now: Date) => new Date(Math.max(now.getTime(), Date.now()));

type Outcome = 'produced' | 'expired' | 'failed' | 'skipped' | 'later';

/** obligation: EXP-2 — the object goes first; the record stays, marked expired, without it. */
async function expire(record: ExportRecord, now: Date): Promise<Outcome> {
  if (record.objectKey) await deleteObject(record.objectKey);
  await exportTransitions.expired(record, now);
  return 'expired';
}

/**
 * obligation: EXP-1, SEC-5 — takes the export (queued, or left running by a crashed run), produces
 * it from scratch under a new object key, and marks it ready on the condition that this run
 * still holds it; a run that lost it deletes its own object, so there is only ever one.
 */
async function produce(record: ExportRecord, now: Date, summary: { requests: number }): Promise<Outcome> {
  if (record.attempts >= MAX_ATTEMPTS) {
    await exportTransitions.failed(record, now);
    return 'failed';
  }
  const runId = newId(now);
  const claimed = await exportTransitions.claim(record, runId, now, new Date(now.getTime() + LEASE_MS));
  const produced = await produceTenantExport(claimed, runId, now, auditUntil(now));
  summary.requests += produced.requests;
  try {
    await exportTransitions.ready(claimed, {
      objectKey: produced.objectKey,
      size: produced.size,
      files: produced.files,
      readyAt: now.toISOString(),
      expiresAt: expiryOf(now).toISOString(),
    });
  } catch (error) {
    if (error instanceof ExportMovedOn) await deleteObject(produced.objectKey);
    throw error;
  }
  // A crashed run may have finished its upload before it died: only this run's object stays.
  for await (const key of objectsUnder(objectKeys.fullExportPrefix(record.tenantId, record.id))) {
    if (key !== produced.objectKey) await deleteObject(key);
  }
  return 'produced';
}

/**
 * obligation: EXP-1, EXP-2, SEC-5 — the `exports` job: one index query finds every export whose
 * time has come across tenants — queued ones and those a crashed run left (their lease ran out)
 * are produced, ready ones past their expiry are deleted. Expiries first, as they are quick;
 * a production starts only with time enough left, and the next run takes the rest.
 */
export async function runExports(now: Date, budget: TimeBudget): Promise<JobSummary> {
  const summary = { produced: 0, expired: 0, failed: 0, skipped: 0, resumeLater: 0, errors: 0, requests: 1 };
  const due: ExportRecord[] = [];
  for await (const record of dueExports(now)) due.push(record);
  const order = (r: ExportRecord) => (r.state === 'ready' ? 0 : 1);
  // DUN-5: a tenant being deleted gets no new export: its deletion removes the bucket's objects
  // once, and an export produced behind it would stay until the bucket's lifecycle rule. One read
  // of each tenant's state per run.
  const states = new Map<string, Promise<boolean>>();
  const holds = (tenantId: string) => {
    let held = states.get(tenantId);
    if (held === undefined) {
      held = tenants.state(TenantScope.named(tenantId)).then((status) => status !== undefined && holdsData({ status }));
      states.set(tenantId, held);
    }
    return held;
  };
  for (const record of due.sort((a, b) => order(a) - order(b))) {
    try {
      let outcome: Outcome;
      if (record.state === 'ready') outcome = record.expiresAt !== undefined && record.expiresAt <= now.toISOString() ? await expire(record, now) : 'skipped';
      else if (record.state === 'queued' || record.state === 'running') {
        outcome = !(await holds(record.tenantId)) ? 'skipped' : budget.remainingMs() < PRODUCTION_RESERVE_MS ? 'later' : await produce(record, now, summary);
      } else outcome = 'skipped';
      if (outcome === 'later') summary.resumeLater++;
      else summary[outcome]++;
    } catch (error) {
      if (error instanceof ExportMovedOn) {
        summary.skipped++;
        continue;
      }
      // Left running: the next run after its lease tries again, up to MAX_ATTEMPTS.
      summary.errors++;
      logger.error('export failed', { tenantId: record.tenantId, exportId: record.id, errorName: (error as Error).name });
    }
  }
  return summary;
}
