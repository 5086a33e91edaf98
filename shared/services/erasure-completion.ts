import type { JobSummary } from '../jobs/handler.ts';
import { subjectRepository } from '../store/subjects.ts';
import { TenantScope } from '../store/tenant-scope.ts';
import { tenants } from '../store/tenants.ts';

/**
 * obligation: DSR-6, SEC-5 — an erasure commits its tombstone first; if the deletion of the
 * remains after it was cut short, this finishes it. Deleting is idempotent, so reruns are safe.
 */
export async function completeErasures(): Promise<JobSummary> {
  const summary = { tenants: 0, subjects: 0, itemsDeleted: 0 };
  for await (const tenant of tenants.each()) {
    summary.tenants++;
    const repository = subjectRepository(TenantScope.named(tenant.id));
    for await (const subjectId of repository.erasing()) {
      summary.subjects++;
      summary.itemsDeleted += await repository.deleteRemains(subjectId);
    }
  }
  return summary;
}
