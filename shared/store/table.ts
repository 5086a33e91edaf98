/**
 * The one table's shape, read by the CDK stack and by the local platform's table creation, so the
 * cloud table and DynamoDB Local cannot drift. Only `shared/store` code builds key values.
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes expired items (idempotency records, short-lived tokens). */
  ttlAttribute: 'ttl',
  indexes: {
    /** Operator-wide lists (all tenants); never holds a tenant's personal values in keys. */
    byType: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  },
} as const;
