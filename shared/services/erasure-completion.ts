import { unfinishedErasures } from '../store/subjects.ts';
import { TenantScope } from '../store/tenant-scope.ts';
import { finishErasure } from './erasure.ts';

/**
 * obligation: DSR-6, SEC-5 — an erasure commits its tombstone first; if the deletion of the
 * remains after it was cut short, this finishes it. Deleting is idempotent, so reruns are safe.
 * One index query finds every unfinished erasure, however many tenants there are.
 */
export async function completeErasures(): Promise<{ subjects: number; itemsDeleted: number; exportsDeleted: number }> {
  const summary = { subjects: 0, itemsDeleted: 0, exportsDeleted: 0 };
  for await (const { tenantId, subjectId } of unfinishedErasures()) {
    summary.subjects++;
    const { exportsDeleted, itemsDeleted } = await finishErasure(TenantScope.named(tenantId), subjectId);
    summary.exportsDeleted += exportsDeleted;
    summary.itemsDeleted += itemsDeleted;
  }
  return summary;
}
