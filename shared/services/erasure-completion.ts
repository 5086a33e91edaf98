import type { JobSummary } from '../jobs/handler.ts';
import { subjectRepository, unfinishedErasures } from '../store/subjects.ts';
import { TenantScope } from '../store/tenant-scope.ts';

/**
 * obligation: DSR-6, SEC-5 — an erasure commits its tombstone first; if the deletion of the
 * remains after it was cut short, this finishes it. Deleting is idempotent, so reruns are safe.
 * One index query finds every unfinished erasure, however many tenants there are.
 */
export async function completeErasures(): Promise<JobSummary> {
  const summary = { subjects: 0, itemsDeleted: 0 };
  for await (const { tenantId, subjectId } of unfinishedErasures()) {
    summary.subjects++;
    summary.itemsDeleted += await subjectRepository(TenantScope.named(tenantId)).deleteRemains(subjectId);
  }
  return summary;
}
