import { TABLE } from './table.ts';

/**
 * obligation: TEN-3 — the partitions a tenant's credentials reach: its own `T#<id>` and every
 * partition under `T#<id>#`. The IAM policy of the tenant data roles (infra/constructs/
 * tenant-data-roles.ts) puts these patterns in its `dynamodb:LeadingKeys` condition, with the
 * tenant id from the session tag; the guard below checks the same patterns in code before a
 * request leaves. Patterns are IAM StringLike patterns.
 */
const tenantPartitionPatterns = (tenantId: string): string[] => [`T#${tenantId}`, `T#${tenantId}#*`];

/**
 * What a tenant's credentials reach beside its own partitions. `breach-register`: the vendor's
 * breach register (`INC#<incident>` partitions and the `INCIDENTS` list), which the tenant's view
 * of incidents reads and where its own breach clock is kept (BRE-4); it holds no data subject's
 * data, and which entries a tenant may see is decided in code (`incidents.toldTo`).
 */
export type TenantReach = 'own' | 'breach-register';

const REACH_PATTERNS: Record<TenantReach, readonly string[]> = {
  own: [],
  'breach-register': ['INC#*', 'INCIDENTS'],
};

export function reachPatterns(tenantId: string, reach: TenantReach): string[] {
  return [...tenantPartitionPatterns(tenantId), ...REACH_PATTERNS[reach]];
}

/** The session tag that carries the tenant id into the assumed role's policy. */
export const TENANT_SESSION_TAG = 'tenant';

/** IAM's StringLike: `*` matches any run of characters, `?` exactly one. */
function matchesPattern(pattern: string, value: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 's').test(value);
}

type Attribute = string | { S?: string } | undefined;
type Key = Record<string, Attribute> | undefined;
interface Input {
  TableName?: string;
  IndexName?: string;
  Key?: Key;
  Item?: Key;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, Attribute>;
  TransactItems?: Array<Record<string, { Key?: Key; Item?: Key } | undefined>>;
  RequestItems?: Record<string, { Keys?: Key[] } | Array<{ PutRequest?: { Item?: Key }; DeleteRequest?: { Key?: Key } }>>;
}

const text = (value: Attribute): string | undefined => (typeof value === 'string' ? value : value?.S);
const partitionOf = (key: Key): string | undefined => text(key?.[TABLE.partitionKey]);

/** The partition value a query's key condition names (`pk = :v`, `#n = :v` or `:v = pk`). */
function queriedPartition(input: Input): string | undefined {
  const attribute = input.IndexName === undefined ? TABLE.partitionKey : Object.values(TABLE.indexes).find((i) => i.name === input.IndexName)?.partitionKey;
  const nameOf = (token: string) => (token.startsWith('#') ? input.ExpressionAttributeNames?.[token] : token);
  for (const [, left, right] of (input.KeyConditionExpression ?? '').matchAll(/([#:]?[\w]+)\s*=\s*([#:]?[\w]+)/g)) {
    const [name, value] = left!.startsWith(':') ? [right!, left!] : [left!, right!];
    if (nameOf(name) === attribute && value.startsWith(':')) return text(input.ExpressionAttributeValues?.[value]);
  }
  return undefined;
}

/**
 * Every partition (of the table, or of the index a query reads) that a low-level DynamoDB request
 * touches, as IAM's `dynamodb:LeadingKeys` sees them; `undefined` for a request whose partitions
 * cannot be named (a scan, a query without an equality on the partition key, an unknown command):
 * tenant credentials never send one.
 */
export function leadingKeys(command: string, input: Input): string[] | undefined {
  const all = (keys: Array<string | undefined>) => (keys.length > 0 && keys.every((k) => k !== undefined) ? (keys as string[]) : undefined);
  switch (command) {
    case 'GetItemCommand':
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return all([partitionOf(input.Key)]);
    case 'PutItemCommand':
      return all([partitionOf(input.Item)]);
    case 'QueryCommand':
      return all([queriedPartition(input)]);
    case 'TransactWriteItemsCommand':
    case 'TransactGetItemsCommand':
      return all((input.TransactItems ?? []).map((t) => Object.values(t)[0]).map((op) => partitionOf(op?.Key ?? op?.Item)));
    case 'BatchGetItemCommand':
      return all(Object.values(input.RequestItems ?? {}).flatMap((r) => ('Keys' in r ? (r.Keys ?? []) : [])).map(partitionOf));
    case 'BatchWriteItemCommand':
      return all(
        Object.values(input.RequestItems ?? {})
          .flatMap((r) => (Array.isArray(r) ? r : []))
          .map((w) => partitionOf(w.PutRequest?.Item ?? w.DeleteRequest?.Key)),
      );
    default:
      return undefined;
  }
}

/** A request that bounded credentials would send beyond their partitions. */
export class OutsidePartitions extends Error {
  override readonly name = 'OutsidePartitions';
  constructor(command: string) {
    // The partitions themselves are not named: a lookup partition carries a blind-index value.
    super(`${command} reaches beyond the partitions this function may use`);
  }
}

/**
 * obligation: TEN-3 — refuses, before it is sent, a request that leaves the partitions `patterns`
 * admit, or whose partitions cannot be named (a scan).
 */
export function assertWithinPartitions(patterns: readonly string[], command: string, input: Input): void {
  const partitions = leadingKeys(command, input);
  if (partitions === undefined || !partitions.every((p) => patterns.some((pattern) => matchesPattern(pattern, p)))) throw new OutsidePartitions(command);
}
