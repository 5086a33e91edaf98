import type { SubjectDisclosure } from '../domain/disclosure.ts';
import type { Disclosure } from '../model/disclosure.ts';
import { getAll } from './batch.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll, queryPage } from './query.ts';
import type { PartitionQuery } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** An entry as stored: `withheld` while a court order or an authority forbids telling the tenant. */
export type StoredDisclosure = Disclosure & { withheld?: true };

/** A listing line: one subject's (or, `wholeTenant`, every subject's) share of an entry. */
export type ListedDisclosure = SubjectDisclosure & { wholeTenant: boolean; withheld: boolean };

/** The label of the claim that ties an Art. 19 notice in the outbox to its one log entry. */
export const NOTICE_RECORDED = 'notice-recorded';

/**
 * obligation: AUD-3 — the disclosure log: append-only entries (conditional puts, never written
 * over) in the tenant's partition, and per entry one listing line per subject it names, or one
 * whole-tenant line, so a subject's recipients are read without walking the log.
 */
export function disclosureRepository(scope: TenantScope) {
  const t = scope.tenantId;
  const partition = (prefix: string): PartitionQuery => ({
    partitionAttribute: TABLE.partitionKey,
    partitionValue: keys.tenantPartition(t),
    keyAttributes: TABLE_KEY_ATTRIBUTES,
    sortKeyPrefix: { attribute: TABLE.sortKey, prefix },
  });
  const lineOf = (d: StoredDisclosure) => ({
    type: 'disclosure-listing',
    disclosureId: d.id,
    at: d.at,
    recipient: d.recipient,
    kind: d.kind,
    reference: d.reference,
    ...(d.withheld ? { withheld: true } : {}),
  });
  const listedOf = (item: Record<string, unknown>, wholeTenant: boolean): ListedDisclosure => ({
    disclosureId: item.disclosureId as string,
    at: item.at as string,
    recipient: item.recipient as string,
    kind: item.kind as ListedDisclosure['kind'],
    reference: item.reference as string,
    wholeTenant,
    withheld: item.withheld === true,
  });

  async function getMany(pointers: { at: string; id: string }[]): Promise<Map<string, StoredDisclosure>> {
    const items = await getAll(pointers.map((p) => keys.disclosure(t, p.at, p.id)), { consistent: true });
    return new Map(items.map((item) => [item.id as string, withoutStorage(item) as unknown as StoredDisclosure]));
  }

  return {
    record(uow: UnitOfWork, entry: StoredDisclosure): void {
      const never = { ConditionExpression: 'attribute_not_exists(pk)' };
      uow.put('disclosure', { Item: { ...keys.disclosure(t, entry.at, entry.id), type: 'disclosure', ...entry }, ...never });
      if (entry.subjectIds.length === 0) {
        uow.put('disclosure-listing', { Item: { ...keys.disclosedAll(t, entry.at, entry.id), ...lineOf(entry) }, ...never });
      }
      for (const subjectId of entry.subjectIds) {
        uow.put('disclosure-listing', { Item: { ...keys.disclosedSubject(t, subjectId, entry.at, entry.id), ...lineOf(entry) }, ...never });
      }
    },

    /** The log, oldest first. */
    async list(limit: number, cursor?: string) {
      const { items, nextCursor } = await queryPage(partition(keys.disclosurePrefix), limit, cursor);
      return { items: items.map((i) => withoutStorage(i) as unknown as StoredDisclosure), nextCursor };
    },

    /** The entries that name one subject, oldest first. */
    async listForSubject(subjectId: string, limit: number, cursor?: string) {
      const { items, nextCursor } = await queryPage(partition(keys.disclosedSubjectPrefix(subjectId)), limit, cursor);
      const pointers = items.map((i) => ({ at: i.at as string, id: i.disclosureId as string }));
      const found = await getMany(pointers);
      return { items: pointers.map((p) => found.get(p.id)).filter((d): d is StoredDisclosure => d !== undefined), nextCursor };
    },

    /** Every listing line that concerns a subject: those naming it, and every whole-tenant one. */
    async linesFor(subjectId: string): Promise<{ named: ListedDisclosure[]; wholeTenant: ListedDisclosure[] }> {
      const named: ListedDisclosure[] = [];
      const wholeTenant: ListedDisclosure[] = [];
      for await (const item of queryAll(partition(keys.disclosedSubjectPrefix(subjectId)))) named.push(listedOf(item, false));
      for await (const item of queryAll(partition(keys.disclosedAllPrefix))) wholeTenant.push(listedOf(item, true));
      return { named, wholeTenant };
    },

    /**
     * Claims an Art. 19 notice's outbox record for its log entry, in the entry's transaction: a
     * rerun after the notice went out records it once (the outbox keys records `<kind>#<subject>`).
     */
    claimNotice(uow: UnitOfWork, noticeKind: string, noticeSubject: string, disclosureId: string): void {
      uow.update(NOTICE_RECORDED, {
        Key: { pk: keys.noticePartition(t), sk: `${noticeKind}#${noticeSubject}` },
        UpdateExpression: 'SET disclosureId = :id',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(disclosureId)',
        ExpressionAttributeValues: { ':id': disclosureId },
      });
    },
  };
}
