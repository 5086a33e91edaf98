import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Stage, StageConfig } from '../../shared/config/stage.ts';
import type { CompliantFunction } from './compliant-function.ts';
import type { CompliantTable } from './compliant-table.ts';
import { SendingIdentity } from './sending-identity.ts';

/** Properties of {@link Notices}. */
export interface NoticesProps {
  /** The stage, named in the topic's display name. */
  readonly stage: Stage;
  /**
   * The stage's configuration: production keys outlive the stack; its `email` is the sending
   * identity (the domain, the From address), checked at synth.
   */
  readonly config: StageConfig;
  /** The table that holds the e-mail suppression list. */
  readonly table: CompliantTable;
}

/**
 * How Skrbnik tells tenants things: the notice topic (SNS) and e-mail (SES, from the stage's
 * sending identity, infra/constructs/sending-identity.ts). `grantSend` is the one way a function
 * becomes a notice sender, so every sender gets the same narrow rights.
 */
export class Notices extends Construct {
  /** The notice topic; subscribers receive every notice's subject, body and attributes. */
  readonly topic: Topic;
  /** The customer-managed key the topic's messages are encrypted with. */
  readonly key: Key;
  readonly senderAddress: string;
  /** The SES domain identity, its configuration set and the suppression list's feed. */
  readonly sending: SendingIdentity;

  constructor(scope: Construct, id: string, props: NoticesProps) {
    super(scope, id);
    this.senderAddress = props.config.email.senderAddress;
    // obligation: SEC-2 — topics are encrypted with a customer-managed key and accept TLS only.
    this.key = new Key(this, 'TopicKey', {
      description: `Skrbnik ${props.stage} notice topic and e-mail feedback encryption`,
      enableKeyRotation: true,
      removalPolicy: props.config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.topic = new Topic(this, 'NoticeTopic', {
      displayName: `Skrbnik ${props.stage} notices`,
      masterKey: this.key,
      enforceSSL: true,
    });
    this.sending = new SendingIdentity(this, 'Sending', { stage: props.stage, config: props.config, table: props.table, key: this.key });
  }

  /**
   * Lets `fn` publish to the notice topic and send e-mail from the sender address of the sending
   * identity only, in its configuration set, honouring the suppression list; tells it all of them
   * (NOTICE_TOPIC_ARN, SENDER_ADDRESS, SES_CONFIGURATION_SET, SUPPRESSION_INDEX_SECRET_ARN).
   */
  grantSend(fn: CompliantFunction): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }));
    this.key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.sending.grantSend(fn);
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
