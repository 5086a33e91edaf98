import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { Stage, StageConfig } from '../../shared/config/stage.ts';
import type { TableAccess } from '../../shared/http/table-reach.ts';
import { TABLE } from '../../shared/store/table.ts';

/** Limits of a grant beyond its access. */
export interface TableGrantLimits {
  /**
   * obligation: TEN-3 — every partition a request touches (`dynamodb:LeadingKeys`: the table's
   * partition key, or the index's for a query of the index) must match one of these IAM StringLike
   * patterns; a request naming no partition (a scan) is refused.
   *
   * @default - any partition
   */
  readonly leadingKeys?: readonly string[];
  /**
   * The actions, a subset of what `access` allows.
   *
   * @default - every action `access` allows
   */
  readonly actions?: readonly string[];
}

const ACTIONS: Record<TableAccess, { table: string[]; key: string[] }> = {
  read: {
    table: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
    key: ['kms:Decrypt', 'kms:DescribeKey'],
  },
  // Transactions are authorised per item: TransactWriteItems needs no action of its own.
  readWrite: {
    table: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ],
    key: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
  },
};

/** Properties of the {@link CompliantTable}. */
export interface CompliantTableProps {
  /** The stage; the table is named `skrbnik-<stage>` so stages never share one (SEC-4). */
  readonly stage: Stage;
  /** The stage's configuration: production tables are protected from deletion. */
  readonly config: StageConfig;
}

/**
 * Skrbnik's one DynamoDB table, shaped by `TABLE` in shared/store/table.ts so that the cloud table
 * and DynamoDB Local cannot drift. Nothing that compliance depends on can be changed by a caller:
 * on-demand capacity, point-in-time recovery, a customer-managed rotating KMS key, the TTL
 * attribute, and deletion protection in production.
 */
export class CompliantTable extends Table {
  /** Partition key attribute (string); a tenant item's is `T#<tenantId>` or starts with `T#<tenantId>#`. */
  readonly partitionKeyName = TABLE.partitionKey;
  /** Sort key attribute (string). */
  readonly sortKeyName = TABLE.sortKey;
  /** Epoch seconds after which DynamoDB deletes the item. */
  readonly ttlAttributeName = TABLE.ttlAttribute;
  /** The operator-wide index: name and key attributes. */
  readonly byTypeIndex = TABLE.indexes.byType;
  /** The customer-managed key the table is encrypted with. */
  readonly key: Key;

  constructor(scope: Construct, id: string, props: CompliantTableProps) {
    const removalPolicy = props.config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // obligation: SEC-2 — data at rest under a customer-managed key that rotates yearly.
    const key = new Key(scope, `${id}Key`, {
      description: `Skrbnik ${props.stage} table encryption`,
      enableKeyRotation: true,
      removalPolicy,
    });
    super(scope, id, {
      tableName: `skrbnik-${props.stage}`, // obligation: SEC-4
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: TABLE.ttlAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED, // obligation: SEC-2
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }, // obligation: SEC-3
      deletionProtection: props.config.production,
      removalPolicy,
    });
    this.key = key;
    this.addGlobalSecondaryIndex({
      indexName: TABLE.indexes.byType.name,
      partitionKey: { name: TABLE.indexes.byType.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.indexes.byType.sortKey, type: AttributeType.STRING },
    });
  }

  /**
   * Grants exactly the item actions `access` needs (or the fewer `limits` names), on the table and
   * its one index by name (no wildcard resources), within the partitions `limits` admits, and the
   * matching use of the table's key.
   */
  grantAccess(grantee: IGrantable, access: TableAccess, limits: TableGrantLimits = {}): void {
    const { table, key } = ACTIONS[access];
    const actions = limits.actions === undefined ? table : table.filter((a) => limits.actions!.includes(a));
    if (actions.length === 0) throw new Error(`None of ${limits.actions} is allowed by ${access} access`);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions,
        resources: [this.tableArn, `${this.tableArn}/index/${this.byTypeIndex.name}`],
        ...(limits.leadingKeys === undefined
          ? {}
          : {
              conditions: {
                'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...limits.leadingKeys] },
                // ForAllValues holds for a request with no leading keys at all: require them.
                Null: { 'dynamodb:LeadingKeys': 'false' },
              },
            }),
      }),
    );
    this.key.grant(grantee, ...key);
  }
}
