import { flushAuthorizerCache } from '../clients/api-gateway.ts';
import { logger } from '../powertools/logger.ts';
import { owedFlushes } from '../store/authorizer-flushes.ts';
import type { OwedFlush } from '../store/authorizer-flushes.ts';
import type { TenantScope } from '../store/tenant-scope.ts';
import type { UnitOfWork } from '../store/unit-of-work.ts';

/**
 * What a change that owes a flush runs after its commit: true once the cache is flushed, false
 * when the flush failed and stays owed (logged; the next flushing invocation pays it).
 */
export type AfterCommitFlush = () => Promise<boolean>;

/** Flushes once for all of `owed`, then clears them; false (logged, ids only) when the flush failed. */
async function pay(owed: readonly OwedFlush[]): Promise<boolean> {
  try {
    await flushAuthorizerCache();
  } catch (error) {
    logger.error('authorizer cache flush failed: it stays owed', { tenantIds: [...new Set(owed.map((o) => o.tenantId))], errorName: (error as Error).name });
    return false;
  }
  // A marker that cannot be cleared now costs one more flush later, nothing else.
  await Promise.all(owed.map((o) => owedFlushes.clear(o).catch((error: Error) => logger.warn('owed flush not cleared', { tenantId: o.tenantId, errorName: error.name }))));
  return true;
}

/**
 * obligation: TEN-2, DUN-3, DUN-5 — a change to what a tenant's keys may do (a revocation, the
 * dormancy that leaves capture only, a reactivation, the start of a deletion) takes effect at once
 * only when API Gateway's cached authorizer decisions go too: until then a key keeps what it was
 * allowed for up to AUTHORIZER_CACHE_TTL_SECONDS. So the change records, in its own transaction,
 * that it owes a flush; the returned step, run after the commit, flushes and clears the record. A
 * flush that fails even after the SDK's retries stays owed, and the next invocation that may flush
 * pays it first (`payOwedFlushes`): a failure is never silently final.
 */
export function oweAuthorizerFlush(uow: UnitOfWork, scope: TenantScope, now: Date): AfterCommitFlush {
  const owed = owedFlushes.owe(uow, scope.tenantId, now);
  return () => pay([owed]);
}

/**
 * obligation: TEN-2 — pays the flushes still owed with one flush, first thing in each invocation of
 * a function that flushes (the only ones allowed to): every tenant's in the operator-billing
 * function and the dormancy and tenant-deletion jobs, which reach the whole table; the calling
 * tenant's (`scope`) in each request of the api-keys function, which reaches only that tenant's
 * partitions. Markers are read before the flush starts, so each one's change committed before it;
 * a marker written meanwhile waits for its own change's flush or the next invocation. Never fails
 * the invocation: what it could not pay stays owed. Returns how many were owed and if they are paid.
 */
export async function payOwedFlushes(scope?: TenantScope): Promise<{ owed: number; paid: boolean }> {
  try {
    const owed = scope === undefined ? await owedFlushes.all() : await owedFlushes.ofTenant(scope.tenantId);
    if (owed.length === 0) return { owed: 0, paid: true };
    return { owed: owed.length, paid: await pay(owed) };
  } catch (error) {
    logger.error('owed authorizer flushes not read', { errorName: (error as Error).name });
    return { owed: 0, paid: false };
  }
}
