import { keys } from './keys.ts';

/**
 * Index partitions that make a tenant's otherwise unlisted items enumerable, so a tenant
 * deletion finds every one of them without a scan (DUN-5). Like `keys.subjectList` they start
 * with the tenant's partition, so they stay inside its key space (TEN-3).
 */
export const tenantListings = {
  /** Tombstones whose erasure is complete (while unfinished they are listed in `ERASING`). */
  erased: (tenantId: string) => `${keys.tenantPartition(tenantId)}#ERASED`,
  /** The tenant's idempotency records; operator records stay unlisted. */
  idempotency: (tenantId: string) => `${keys.tenantPartition(tenantId)}#IDEMPOTENCY`,
};

