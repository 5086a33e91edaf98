import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Stage, StageConfig } from '../../shared/config/stage.ts';
import type { CompliantFunction } from './compliant-function.ts';

/** Properties of {@link Notices}. */
export interface NoticesProps {
  /** The stage, named in the topic's display name. */
  readonly stage: Stage;
  /** The stage's configuration: production keys outlive the stack. */
  readonly config: StageConfig;
  /**
   * The address notices are sent from; SES must have it (or its domain) verified.
   *
   * @default 'notices@example.com' (set the `senderAddress` context value per deployment)
   */
  readonly senderAddress?: string;
}

/** Where the sender address comes from when no `senderAddress` context value is set. */
export const DEFAULT_SENDER_ADDRESS = 'notices@example.com';

/**
 * How Skrbnik tells tenants things: the notice topic (SNS) and e-mail (SES). `grantSend` is the
 * one way a function becomes a notice sender, so every sender gets the same narrow rights.
 */
export class Notices extends Construct {
  /** The notice topic; subscribers receive every notice's subject, body and attributes. */
  readonly topic: Topic;
  /** The customer-managed key the topic's messages are encrypted with. */
  readonly key: Key;
  readonly senderAddress: string;

  constructor(scope: Construct, id: string, props: NoticesProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress ?? DEFAULT_SENDER_ADDRESS;
    // obligation: SEC-2 — topics are encrypted with a customer-managed key and accept TLS only.
    this.key = new Key(this, 'TopicKey', {
      description: `Skrbnik ${props.stage} notice topic encryption`,
      enableKeyRotation: true,
      removalPolicy: props.config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.topic = new Topic(this, 'NoticeTopic', {
      displayName: `Skrbnik ${props.stage} notices`,
      masterKey: this.key,
      enforceSSL: true,
    });
  }

  /**
   * Lets `fn` publish to the notice topic and send e-mail from the sender address only, and
   * tells it both (NOTICE_TOPIC_ARN, SENDER_ADDRESS).
   */
  grantSend(fn: CompliantFunction): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }));
    this.key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
        conditions: { StringEquals: { 'ses:FromAddress': this.senderAddress } },
      }),
    );
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:aws:ses:${Stack.of(this).region}:<AWS::AccountId>:identity/*]`,
      reason:
        'SES authorises SendEmail against every identity involved, and in the SES sandbox that includes each recipient ' +
        'address, which cannot be listed in advance; the ses:FromAddress condition limits sending to the sender address.',
    });
    fn.addEnvironment('NOTICE_TOPIC_ARN', this.topic.topicArn);
    fn.addEnvironment('SENDER_ADDRESS', this.senderAddress);
  }

  /**
   * obligation: BRE-2 — lets `fn` send SMS to phone numbers (security contacts) through SNS: a
   * publish to a phone has no resource to name, so the grant excludes every SNS topic instead.
   */
  grantSms(fn: CompliantFunction): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], notResources: ['arn:aws:sns:*:*:*'] }));
  }
}
