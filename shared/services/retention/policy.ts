import { LAW_MONTHS, checkPolicy } from '../../domain/retention.ts';
import type { RetentionPolicy } from '../../domain/retention.ts';
import type { OperatorAuth, TenantAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import type { RetentionPolicyInput, RetentionPolicyView } from '../../model/retention.ts';
import { recordAudit } from '../../store/audit.ts';
import { retentionRepository } from '../../store/retention.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';

function viewOf(policy: RetentionPolicy, version: number, updatedAt?: string): RetentionPolicyView {
  return { ...policy, lawMonths: { ...LAW_MONTHS }, version, ...(updatedAt === undefined ? {} : { updatedAt }) };
}

/** obligation: RET-1 — the tenant's retention policy; the defaults (version 0) until it sets one. */
export async function readPolicy(scope: TenantScope): Promise<RetentionPolicyView> {
  const { policy, version, updatedAt } = await retentionRepository(scope).policy();
  return viewOf(policy, version, updatedAt);
}

/**
 * obligation: RET-1 — given fields replace the stored ones; a period longer than the law's, or
 * one for consent, is refused naming the field. `expectedVersion` (from an optional If-Match)
 * guards against overwriting a change made meanwhile.
 */
export async function setPolicy(
  uow: UnitOfWork,
  scope: TenantScope,
  input: RetentionPolicyInput,
  expectedVersion: number | undefined,
  auth: TenantAuth | OperatorAuth,
  now: Date,
): Promise<RetentionPolicyView> {
  const repository = retentionRepository(scope);
  const stored = await repository.policy();
  if (expectedVersion !== undefined && expectedVersion !== stored.version) {
    throw new Problem('preconditionFailed', `The retention policy is at version ${stored.version}; read it again`);
  }
  const next: RetentionPolicy = {
    shorterMonths: input.shorterMonths ?? stored.policy.shorterMonths,
    timeEntryYears: input.timeEntryYears ?? stored.policy.timeEntryYears,
  };
  checkPolicy(next);
  repository.savePolicy(uow, next, stored.version, now);
  recordAudit(uow, scope, { actor: auth.actor, action: 'update', entity: 'retention-policy', entityId: scope.tenantId, fields: Object.keys(input), at: now });
  return viewOf(next, stored.version + 1, now.toISOString());
}
