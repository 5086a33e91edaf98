import { billingRepository } from '../../shared/store/billing.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';

/**
 * What the dormancy job does when a deletion is due, through the billing store itself: the
 * account enters `deleting` and is listed for the tenant-deletion job. (The profile's status is
 * left to the caller's seed, as the bench writes it directly.)
 */
export async function markDeleting(tenantId: string, at: Date, version = 1): Promise<void> {
  const iso = at.toISOString();
  const uow = new UnitOfWork();
  billingRepository(TenantScope.named(tenantId)).saveAccount(
    uow,
    { tenantId, state: 'deleting', stateSince: iso, deletion: { startedAt: iso }, version, updatedAt: iso },
    0,
    'deleting',
  );
  await uow.commit();
}
