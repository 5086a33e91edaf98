import { RuleViolation } from '../domain/rule-violation.ts';
import { auditRepository } from '../store/audit.ts';
import type { TenantScope } from '../store/tenant-scope.ts';

const DAY = 86_400_000;

/** obligation: AUD-1 — the tenant reads its trail by entity, actor and time, in pages. */
export async function readAuditTrail(
  scope: TenantScope,
  query: { entity?: string; actor?: string; from?: string; to?: string; limit: number; cursor?: string },
  now: Date,
) {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY);
  if (from > to) throw new RuleViolation('from', 'must not be after to', 'query');
  if (to.getTime() - from.getTime() > 366 * DAY) throw new RuleViolation('from', 'the range may span at most 366 days', 'query');
  return auditRepository(scope).list(
    { from, to, ...(query.entity ? { entity: query.entity } : {}), ...(query.actor ? { actor: query.actor } : {}) },
    query.limit,
    query.cursor,
  );
}
