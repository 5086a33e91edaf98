import { TABLE } from './table.ts';

const STORAGE_ATTRIBUTES: readonly string[] = [
  TABLE.partitionKey,
  TABLE.sortKey,
  TABLE.indexes.byType.partitionKey,
  TABLE.indexes.byType.sortKey,
  'type',
];

/** An item without what only the table needs (keys, index keys, item type), plus `extra`. */
export function withoutStorage(item: Record<string, unknown>, extra: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !STORAGE_ATTRIBUTES.includes(name) && !extra.includes(name)));
}
