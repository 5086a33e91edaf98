/**
 * Key formats. Every tenant item's partition key is exactly `T#<tenantId>` or starts with
 * `T#<tenantId>#`, so an IAM `dynamodb:LeadingKeys` condition can pin a principal to one tenant
 * (obligation: TEN-3). Identifiers are lower-case ULIDs, which cannot contain the delimiter.
 */
const ID = /^[0-9a-z]{26}$/;

export function assertId(id: string, what: string): string {
  if (!ID.test(id)) throw new Error(`Invalid ${what} id`);
  return id;
}

export const keys = {
  tenantPartition: (tenantId: string) => `T#${assertId(tenantId, 'tenant')}`,
  tenantProfile: (tenantId: string) => ({ pk: keys.tenantPartition(tenantId), sk: 'TENANT' }),
  apiKey: (tenantId: string, keyId: string) => ({
    pk: keys.tenantPartition(tenantId),
    sk: `KEY#${assertId(keyId, 'key')}`,
  }),
  apiKeyPrefix: 'KEY#',
  auditPartition: (tenantId: string, at: Date) =>
    `${keys.tenantPartition(tenantId)}#AUDIT#${at.toISOString().slice(0, 7)}`,
  noticePartition: (tenantId: string) => `${keys.tenantPartition(tenantId)}#NOTICE`,
  tenantIdempotency: (tenantId: string, hash: string) => ({
    pk: `${keys.tenantPartition(tenantId)}#IDEM#${hash}`,
    sk: 'IDEM',
  }),
  /** Operator requests have no tenant: their records live outside every tenant's key space. */
  operatorIdempotency: (hash: string) => ({ pk: `OP#IDEM#${hash}`, sk: 'IDEM' }),
  tenantListPartition: 'TENANTS',
} as const;
