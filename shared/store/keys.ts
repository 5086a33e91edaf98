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
  subjectPartition: (tenantId: string, subjectId: string) =>
    `${keys.tenantPartition(tenantId)}#SUBJ#${assertId(subjectId, 'subject')}`,
  subject: (tenantId: string, subjectId: string) => ({ pk: keys.subjectPartition(tenantId, subjectId), sk: 'SUBJECT' }),
  /** Versions sort by the time they took effect: `asOf` reads one item. */
  subjectVersion: (tenantId: string, subjectId: string, validFrom: string, version: number) => ({
    pk: keys.subjectPartition(tenantId, subjectId),
    sk: `V#${validFrom}#${String(version).padStart(9, '0')}`,
  }),
  subjectVersionPrefix: 'V#',
  /** The tenant's subjects, by category then creation, in the type index. */
  subjectList: (tenantId: string) => `${keys.tenantPartition(tenantId)}#SUBJECTS`,
  /**
   * Tombstones whose erasure has items left to delete, across tenants in one index partition,
   * so the completion job finds them in one query (like `TENANTS`, ids only, nothing personal).
   */
  erasingList: 'ERASING',
  /** A blind-index entry: the HMAC of a normalised value, never the value (DAT-6). */
  lookupPartition: (tenantId: string, kind: string, hmac: string) => `${keys.tenantPartition(tenantId)}#LOOKUP#${kind}#${hmac}`,
  lookup: (tenantId: string, kind: string, hmac: string, subjectId: string) => ({
    pk: keys.lookupPartition(tenantId, kind, hmac),
    sk: `SUBJ#${assertId(subjectId, 'subject')}`,
  }),
  timeEntryPartition: (tenantId: string, subjectId: string) => `${keys.subjectPartition(tenantId, subjectId)}#TIME`,
  /** The tenant's count of active end users (billable seats), kept in step with every change. */
  seats: (tenantId: string) => ({ pk: keys.tenantPartition(tenantId), sk: 'SEATS' }),
} as const;
