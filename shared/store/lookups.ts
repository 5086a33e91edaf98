import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { LookupKind } from '../domain/subject.ts';
import { keys } from './keys.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';

/**
 * obligation: DAT-6 — whether one of the tenant's live subjects holds this value (by its blind
 * index entry). Entries go with a subject's erasure or rectification in the same transaction, so
 * any entry is a live subject's: one item, strongly consistent, is enough to know.
 */
export async function anySubjectHolds(scope: TenantScope, kind: LookupKind, hmac: string): Promise<boolean> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: runtime.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.lookupPartition(scope.tenantId, kind, hmac) },
      ProjectionExpression: '#pk',
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return Items.length > 0;
}
