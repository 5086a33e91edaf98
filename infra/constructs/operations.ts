import { NestedStack } from 'aws-cdk-lib';
import type { Stage as ApiStage } from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { Stage, StageConfig } from '../../shared/config/stage.ts';
import type { JobFunctionName } from '../../shared/jobs/jobs.ts';
import { ApiFirewall } from './api-firewall.ts';
import type { CompliantTable } from './compliant-table.ts';
import { OperationsAlarms } from './operations-alarms.ts';
import { TableBackup } from './table-backup.ts';

/** Properties of {@link Operations}. */
export interface OperationsProps {
  /** The stage. */
  readonly stage: Stage;
  /** The stage's configuration: `operations` (shared/config/operations.ts) is checked here. */
  readonly config: StageConfig;
  /** The table backed up. */
  readonly table: CompliantTable;
  /** The API's deployment stage: its web ACL and its 5xx alarm. */
  readonly apiStage: ApiStage;
  /** The tenant authorizer's function: alarms on its errors and throttles. */
  readonly authorizer: IFunction;
  /** Every job's function, by job name. */
  readonly jobFunctions: Readonly<Record<JobFunctionName, IFunction>>;
  /** Every dead-letter queue of the stack, by a name for its alarm. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
}

/**
 * How the stage is operated (docs/operations.md), in a nested stack of its own: the alarms and
 * their topic, the table's backups and the API's web ACL. A nested stack is one resource of the
 * stage's stack, which is near CloudFormation's 500 (the API's methods and resources take half), so
 * what operations need does not compete with the API's routes for room.
 */
export class Operations extends NestedStack {
  readonly alarms: OperationsAlarms;
  readonly backup: TableBackup;
  readonly firewall: ApiFirewall;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id, { description: `Skrbnik ${props.stage}: alarms, backups and the API's web ACL` });
    const { stage, config } = props;
    this.alarms = new OperationsAlarms(this, 'Alarms', {
      stage,
      config,
      deadLetterQueues: props.deadLetterQueues,
      jobFunctions: props.jobFunctions,
      authorizer: props.authorizer,
      apiStage: props.apiStage,
    });
    this.backup = new TableBackup(this, 'Backup', { stage, config, table: props.table, notificationTopic: this.alarms.topic });
    // obligation: DSR-8 — the public routes' rate limits and AWS's managed rules.
    this.firewall = new ApiFirewall(this, 'Firewall', { stage, apiStage: props.apiStage });
  }
}
