import { retentionRepository } from '../../store/retention.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';

/** obligation: RET-2 — what each day's purge did for the tenant, newest first (counts only, nothing personal). */
export function listPurgeRuns(scope: TenantScope, limit: number, cursor: string | undefined) {
  return retentionRepository(scope).runs(limit, cursor);
}
