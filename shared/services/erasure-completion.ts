import type { JobSummary } from '../jobs/handler.ts';
import { subjectRepository, unfinishedErasures } from '../store/subjects.ts';
import { TenantScope } from '../store/tenant-scope.ts';
import { deleteSubjectExports } from './exports/subject-export.ts';

/**
 * obligation: DSR-6, SEC-5 — an erasure commits its tombstone first; if the deletion of the
 * remains after it was cut short, this finishes it. Deleting is idempotent, so reruns are safe.
 * One index query finds every unfinished erasure, however many tenants there are.
 */
export async function completeErasures(): Promise<JobSummary> {
  const summary = { subjects: 0, itemsDeleted: 0, exportsDeleted: 0 };
  for await (const { tenantId, subjectId } of unfinishedErasures()) {
    summary.subjects++;
    const scope = TenantScope.named(tenantId);
    // Exports first, while their records are still in the partition (DSR-6).
    summary.exportsDeleted += await deleteSubjectExports(scope, subjectId);
    summary.itemsDeleted += await subjectRepository(scope).deleteRemains(subjectId);
  }
  return summary;
}
