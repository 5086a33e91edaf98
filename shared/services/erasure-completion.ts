import { logger } from '../powertools/logger.ts';
import { unfinishedErasures } from '../store/subjects.ts';
import { TenantScope } from '../store/tenant-scope.ts';
import { finishErasure } from './erasure.ts';

/**
 * obligation: DSR-6, SEC-5 — an erasure commits its tombstone first; if the deletion of the
 * remains after it was cut short, this finishes it. Deleting is idempotent, so reruns are safe.
 * One index query finds every unfinished erasure, however many tenants there are. One that fails
 * holds up none of the others: it is logged (ids only) and counted, and stays listed for the next
 * run.
 */
export async function finishUnfinishedErasures(): Promise<{ subjects: number; failed: number; itemsDeleted: number; exportsDeleted: number }> {
  const summary = { subjects: 0, failed: 0, itemsDeleted: 0, exportsDeleted: 0 };
  for await (const { tenantId, subjectId } of unfinishedErasures()) {
    try {
      const { exportsDeleted, itemsDeleted } = await finishErasure(TenantScope.named(tenantId), subjectId);
      summary.subjects++;
      summary.exportsDeleted += exportsDeleted;
      summary.itemsDeleted += itemsDeleted;
    } catch (error) {
      summary.failed++;
      logger.error('erasure not finished', { tenantId, subjectId, errorName: (error as Error).name });
    }
  }
  return summary;
}

/** The `erasure-completion` job: a run with a failed erasure fails, so the scheduler retries it and the alarm sees it. */
export async function completeErasures(): Promise<{ subjects: number; failed: number; itemsDeleted: number; exportsDeleted: number }> {
  const summary = await finishUnfinishedErasures();
  if (summary.failed > 0) throw new Error(`${summary.failed} erasure(s) not finished: ${JSON.stringify(summary)}`);
  return summary;
}
