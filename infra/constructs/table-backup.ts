import { Duration, RemovalPolicy, TimeZone, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault, BackupVaultEvents } from 'aws-cdk-lib/aws-backup';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { VAULT_LOCK_COOLING_OFF_DAYS, assertOperationsConfig } from '../../shared/config/operations.ts';
import type { Stage, StageConfig } from '../../shared/config/stage.ts';
import { JOB_TIME_ZONE } from '../../shared/jobs/jobs.ts';
import type { CompliantTable } from './compliant-table.ts';

/** Properties of {@link TableBackup}. */
export interface TableBackupProps {
  /** The stage, named in the vault's and the key's names. */
  readonly stage: Stage;
  /** The stage's configuration: `operations.backup` gives the schedule, retention and lock. */
  readonly config: StageConfig;
  /** The table backed up. */
  readonly table: CompliantTable;
  /**
   * Where the vault reports failed or expired backup jobs and restores.
   *
   * @default - no notifications
   */
  readonly notificationTopic?: ITopic;
}

/**
 * obligation: SEC-3 — AWS Backup of the table beside its point-in-time recovery: a daily recovery
 * point (at `operations.backup.dailyAt`, Europe/Ljubljana) in a vault of its own, encrypted with a
 * key of its own (a table key lost or disabled does not take the backups with it), under a vault
 * lock: no recovery point is deleted before the lock's minimum or kept past its maximum, whoever
 * asks. Recovery points are kept no longer than PITR's 35 days (shared/config/operations.ts).
 *
 * The vault and its key outlive the stack in every stage: a vault holding recovery points cannot be
 * deleted, and a compliance-mode lock can never be lifted.
 *
 * DynamoDB recovery points take the vault's key, and obey its lock, only with AWS Backup's advanced
 * features for DynamoDB turned on in the account (README, deployment).
 */
export class TableBackup extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;
  /** The customer-managed key the vault's recovery points are encrypted with. */
  readonly key: Key;

  constructor(scope: Construct, id: string, props: TableBackupProps) {
    super(scope, id);
    const { stage, config } = props;
    const { backup } = assertOperationsConfig(stage, config.operations);
    this.key = new Key(this, 'VaultKey', {
      description: `Skrbnik ${stage} backup vault encryption`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (props.notificationTopic !== undefined) {
      // The vault's notices are published by AWS Backup's principal; an encrypted topic needs its key's consent.
      const topicKey = props.notificationTopic.masterKey;
      topicKey?.grant(new ServicePrincipal('backup.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    }
    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: `skrbnik-${stage}-table`,
      encryptionKey: this.key,
      lockConfiguration: {
        minRetention: Duration.days(backup.lock.minRetentionDays),
        maxRetention: Duration.days(backup.lock.maxRetentionDays),
        ...(backup.lock.compliance ? { changeableFor: Duration.days(VAULT_LOCK_COOLING_OFF_DAYS) } : {}),
      },
      notificationTopic: props.notificationTopic,
      notificationEvents: [
        BackupVaultEvents.BACKUP_JOB_FAILED,
        BackupVaultEvents.BACKUP_JOB_EXPIRED,
        BackupVaultEvents.RESTORE_JOB_STARTED,
        BackupVaultEvents.RESTORE_JOB_FAILED,
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = new BackupPlan(this, 'Plan', {
      backupPlanName: `skrbnik-${stage}-table`,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'daily',
          backupVault: this.vault,
          scheduleExpression: Schedule.cron({ hour: String(backup.dailyAt.hour), minute: String(backup.dailyAt.minute) }),
          scheduleExpressionTimezone: TimeZone.of(JOB_TIME_ZONE),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: Duration.days(backup.retentionDays),
        }),
      ],
    });
    const selection = this.plan.addSelection('Table', {
      resources: [BackupResource.fromDynamoDbTable(props.table)],
      allowRestores: true,
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'AWS documents this managed policy as what AWS Backup needs to take backups of the selected resources; the role ' +
        'is assumable by backup.amazonaws.com only and this plan selects the table alone.',
    }, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
      reason:
        'AWS documents this managed policy as what AWS Backup needs to restore a recovery point (into a new table, never ' +
        'over the live one); the role is assumable by backup.amazonaws.com only.',
    });
  }
}
