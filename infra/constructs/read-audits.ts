import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Stage, StageConfig } from '../../shared/config/stage.ts';
import { AUDIT_READS_ENTRY } from '../function-entries.ts';
import { CompliantFunction } from './compliant-function.ts';
import type { CompliantTable } from './compliant-table.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';

/** Properties of {@link ReadAudits}. */
export interface ReadAuditsProps {
  /** The stage, named in the key's description. */
  readonly stage: Stage;
  /** The stage's configuration: log retention and removal follow from it. */
  readonly config: StageConfig;
  /** The table the consumer writes the audit entries to. */
  readonly table: CompliantTable;
  /**
   * Variables the consumer gets, beside its own.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;
}

/** How long the consumer may take for one batch. */
const CONSUMER_TIMEOUT = Duration.seconds(30);
/** Messages per invocation: the consumer writes each message's entries with BatchWriteItem. */
export const READ_AUDIT_BATCH_SIZE = 10;
/** Deliveries of a message before it is dead-lettered: rides out throttling and brief outages. */
export const READ_AUDIT_MAX_RECEIVE_COUNT = 5;
/** The longest SQS allows: a consumer outage of up to two weeks loses no audit entry. */
const RETENTION = Duration.days(14);

/**
 * obligation: AUD-1, TEN-4 — reads of personal data are audited off the request path: the
 * functions that read personal data queue each read's entries before answering (`grantSend`), and
 * the consumer writes them to the table. A message that fails is retried alone (partial batch
 * responses) and, after READ_AUDIT_MAX_RECEIVE_COUNT deliveries, waits in the dead-letter queue to
 * be redriven; rewriting a message writes the same items, so redelivery never duplicates (SEC-5).
 *
 * The messages name actors and data subjects' ids, so both queues are encrypted with a
 * customer-managed key (SEC-2) and accept TLS only.
 */
export class ReadAudits extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: DeadLetterQueue;
  /** The customer-managed key both queues are encrypted with. */
  readonly key: Key;
  readonly consumer: CompliantFunction;

  constructor(scope: Construct, id: string, props: ReadAuditsProps) {
    super(scope, id);
    const { stage, config } = props;
    this.key = new Key(this, 'QueueKey', {
      description: `Skrbnik ${stage} read-audit queue encryption`,
      enableKeyRotation: true,
      removalPolicy: config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetters', { config, encryptionKey: this.key });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: RETENTION,
      // Six times the consumer's timeout, as Lambda advises, so a slow batch is not delivered twice at once.
      visibilityTimeout: Duration.seconds(CONSUMER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: READ_AUDIT_MAX_RECEIVE_COUNT },
      removalPolicy: config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.consumer = new CompliantFunction(this, 'Consumer', {
      entry: AUDIT_READS_ENTRY,
      config,
      description: 'Writes queued read audits to the audit trail (AUD-1, TEN-4)',
      timeout: CONSUMER_TIMEOUT,
      synchronousCaller: 'sqs-event-source',
      environment: props.environment,
    }).bindTable(props.table, 'readWrite');
    this.consumer.addEventSource(
      new SqsEventSource(this.queue, { batchSize: READ_AUDIT_BATCH_SIZE, reportBatchItemFailures: true }),
    );
    const mapping = this.consumer.node.children.find((c) => c instanceof EventSourceMapping);
    if (mapping === undefined) throw new Error('SqsEventSource created no event source mapping under the consumer');
    Validations.of(mapping).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        'Lambda supports no on-failure destination for SQS event sources (only for streams and Kafka). Failed messages ' +
        `go to the queue's own dead-letter queue through its redrive policy after ${READ_AUDIT_MAX_RECEIVE_COUNT} receives.`,
    });
  }

  /**
   * Lets `fn` queue read audits, and tells it the queue's URL (AUDIT_QUEUE_URL): SendMessage on
   * this queue, and the two key actions SQS needs to encrypt a message for it — named, rather
   * than `grantSendMessages`' `kms:GenerateDataKey*` and `kms:ReEncrypt*`, which a sender never uses.
   */
  grantSend(fn: CompliantFunction): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    this.key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    fn.addEnvironment('AUDIT_QUEUE_URL', this.queue.queueUrl);
  }
}
