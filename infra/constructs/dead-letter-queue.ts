import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../../shared/config/stage.ts';

/** Properties of a {@link DeadLetterQueue}. */
export interface DeadLetterQueueProps {
  /** The stage's configuration: production queues outlive the stack. */
  readonly config: StageConfig;
  /**
   * The customer-managed key to encrypt messages with; required when they may carry personal
   * data or audit entries.
   *
   * @default - SQS-managed encryption, for messages that are never personal data (job triggers)
   */
  readonly encryptionKey?: IKey;
}

/**
 * Where failed events wait to be inspected and replayed: encrypted, reachable over TLS only
 * (obligation: SEC-2), kept for the longest time SQS allows. A standard queue keeps a message's
 * first enqueue time when it is dead-lettered, so this retention never ends before the source
 * queue's would have.
 */
export class DeadLetterQueue extends Queue {
  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id, {
      ...(props.encryptionKey === undefined
        ? { encryption: QueueEncryption.SQS_MANAGED }
        : { encryption: QueueEncryption.KMS, encryptionMasterKey: props.encryptionKey }),
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
