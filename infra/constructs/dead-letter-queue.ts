import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../../shared/config/stage.ts';

/** Properties of a {@link DeadLetterQueue}. */
export interface DeadLetterQueueProps {
  /** The stage's configuration: production queues outlive the stack. */
  readonly config: StageConfig;
}

/**
 * Where failed asynchronous events wait to be inspected and replayed: encrypted, reachable over
 * TLS only (obligation: SEC-2), kept for the longest time SQS allows. Its messages are job
 * triggers (`{ "now": … }`), never personal data, so SQS-managed encryption suffices.
 */
export class DeadLetterQueue extends Queue {
  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself the dead-letter queue; nothing consumes it, so there is nothing to redrive.',
    });
  }
}
