import { RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../../shared/config/stage.ts';
import { acknowledgeControls } from './control-packs.ts';

/** Properties of a {@link StageLogGroup}. */
export interface StageLogGroupProps {
  /** The stage's configuration: retention and whether logs outlive the stack come from it. */
  readonly config: StageConfig;
}

function retentionOf(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter((v): v is RetentionDays => typeof v === 'number');
  const retention = allowed.find((v) => v === days);
  if (retention === undefined) {
    throw new Error(`logRetentionDays ${days} is not a CloudWatch Logs retention; choose one of ${allowed.join(', ')}`);
  }
  return retention;
}

/**
 * A log group whose retention follows the stage: logs never pile up indefinitely, and production
 * logs stay after the stack is deleted (they may be needed as evidence). Logs hold no personal
 * values (obligation: SEC-6), which the code writing them ensures.
 */
export class StageLogGroup extends LogGroup {
  constructor(scope: Construct, id: string, props: StageLogGroupProps) {
    super(scope, id, {
      retention: retentionOf(props.config.logRetentionDays),
      removalPolicy: props.config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledgeControls(
      this,
      'CloudWatchLogGroupEncrypted',
      'CloudWatch Logs encrypts every log group at rest with its own keys; these hold no personal values (SEC-6), so a ' +
        "customer-managed key would guard nothing the table's, the bucket's and the queues' keys do not already.",
    );
  }
}
