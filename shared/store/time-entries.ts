import type { TimeEntry } from '../model/time-entry.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryPage } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** When an entry happened: its clock time, or the start of its interval. */
function sortTime(entry: TimeEntry): string {
  return (entry.at ?? entry.start)!;
}

/**
 * Captured time entries of one subject, in their own partition sorted by time (DAT-8). Each
 * capture only reads the subject's record inside its transaction; a capture racing a change of
 * that record is retried by the unit of work.
 */
export function timeEntryRepository(scope: TenantScope) {
  const t = scope.tenantId;
  return {
    /**
     * One transaction: the subject must exist and not be restricted (DAT-4), the entry is
     * written, and so is its audit entry (added by the caller).
     */
    create(uow: UnitOfWork, entry: TimeEntry): void {
      uow.conditionCheck('subject-processable', {
        Key: keys.subject(t, entry.subjectId),
        ConditionExpression: '#type = :subject AND attribute_not_exists(restriction)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':subject': 'subject' },
      });
      uow.put('time-entry', {
        Item: {
          pk: keys.timeEntryPartition(t, entry.subjectId),
          sk: `${sortTime(entry)}#${entry.id}`,
          ...entry,
          // `type` marks every item's kind in this table; the entry's own type is stored beside it.
          type: 'time-entry',
          entryType: entry.type,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    },

    async list(subjectId: string, range: { from?: string; to?: string }, limit: number, cursor?: string) {
      const partition = keys.timeEntryPartition(t, subjectId);
      const { items, nextCursor } = await queryPage(
        {
          partitionAttribute: TABLE.partitionKey,
          partitionValue: partition,
          keyAttributes: TABLE_KEY_ATTRIBUTES,
          // Times are stored in UTC (`…Z`), so string order is time order.
          sortKeyRange: { attribute: TABLE.sortKey, from: range.from ?? '0000', to: `${range.to ?? '9999'}~` },
        },
        limit,
        cursor,
      );
      return {
        items: items.map((item) => ({ ...withoutStorage(item, ['entryType']), type: item.entryType }) as TimeEntry),
        ...(nextCursor === undefined ? {} : { nextCursor }),
      };
    },
  };
}
