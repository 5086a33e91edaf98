import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey, Key } from 'aws-cdk-lib/aws-kms';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  DkimIdentity,
  EasyDkimSigningKeyLength,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  MailFromBehaviorOnMxFailure,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { Stage, StageConfig } from '../../shared/config/stage.ts';
import { dmarcRecord, mailFromDomain } from '../../shared/config/vendor.ts';
import { keys } from '../../shared/store/keys.ts';
import { EMAIL_FEEDBACK_ENTRY } from '../function-entries.ts';
import { CompliantFunction } from './compliant-function.ts';
import type { CompliantTable } from './compliant-table.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { SuppressionIndexSecret } from './suppression-index-secret.ts';

/** Properties of {@link SendingIdentity}. */
export interface SendingIdentityProps {
  /** The stage, named in descriptions. */
  readonly stage: Stage;
  /** The stage's configuration: its `email` names the domain and addresses (checked at synth). */
  readonly config: StageConfig;
  /** The table the suppression list lives in (`SUPPRESSED#<index>` partitions). */
  readonly table: CompliantTable;
  /**
   * The customer-managed key for the feedback topic and the dead-letter queue: the notice topic's
   * (one key fewer in a stack at CloudFormation's 500-resource limit).
   */
  readonly key: Key;
}

/**
 * The vendor's sending identity in SES and what keeps it reputable (docs/email.md):
 * - a domain identity signed with Easy DKIM (2048-bit keys that SES rotates), with a custom MAIL
 *   FROM subdomain, so SPF and DKIM both align with the From domain and DMARC passes;
 * - a configuration set, the identity's default and named by every send, that requires TLS to the
 *   receiving server (SEC-2), keeps reputation metrics, lets SES's account-level suppression list
 *   drop bounced and complaining addresses as a second net, and publishes bounces and complaints
 *   to an encrypted topic;
 * - the handler on that topic (functions/events/email-feedback.ts), which records the addresses
 *   to suppress by their HMAC (shared/notices/suppression.ts), and a dead-letter queue for what it
 *   could not record.
 * `grantSend` (through Notices) is what a notice sender gets: sending from the identity, in the
 * configuration set, and reading the suppression list.
 */
export class SendingIdentity extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  /** The configuration set's bounces and complaints. */
  readonly feedbackTopic: Topic;
  /** The customer-managed key of the feedback topic and the dead-letter queue (SEC-2): the notice topic's. */
  readonly key: IKey;
  readonly deadLetterQueue: DeadLetterQueue;
  readonly recorder: CompliantFunction;
  readonly suppressionIndexSecret: SuppressionIndexSecret;
  private readonly table: CompliantTable;
  private readonly senderAddress: string;
  private readonly senderDomain: string;

  constructor(scope: Construct, id: string, props: SendingIdentityProps) {
    super(scope, id);
    const { stage, config, table } = props;
    const { email } = config;
    const stack = Stack.of(this);
    this.table = table;
    this.senderAddress = email.senderAddress;
    this.senderDomain = email.senderDomain;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      // obligation: SEC-2 — notices carry personal data: SES delivers only over TLS.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      // SES's own list as a second net: it drops what our list has not caught yet (a report in flight).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(email.senderDomain),
      dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
      dkimSigning: true,
      mailFromDomain: mailFromDomain(email),
      // Without the MX record, SES falls back to its own MAIL FROM: SPF then no longer aligns, but
      // DKIM still does, so DMARC passes and breach notices are never held up by DNS.
      mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
      configurationSet: this.configurationSet,
    });

    const key = props.key;
    this.key = key;
    const configurationSetArn = this.configurationSetArn();
    // SES encrypts what it publishes to the topic with this key, for this configuration set only.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': configurationSetArn } },
      }),
    );
    this.feedbackTopic = new Topic(this, 'FeedbackTopic', {
      displayName: `Skrbnik ${stage} e-mail bounces and complaints`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // SNS moves what it cannot deliver to the handler into the dead-letter queue, encrypted. (By
    // account: the topic's ARN would make the key and the topic depend on each other.)
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('sns.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.feedbackTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    this.suppressionIndexSecret = new SuppressionIndexSecret(this, 'SuppressionIndex', { stage, config });
    // The reports name addresses: the queue is encrypted with the customer-managed key.
    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetters', { config, encryptionKey: this.key });
    this.recorder = new CompliantFunction(this, 'Recorder', {
      entry: EMAIL_FEEDBACK_ENTRY,
      config,
      description: 'Records the addresses that SES bounces and complaints suppress (SEC-5)',
      timeout: Duration.seconds(30),
      deadLetterQueue: this.deadLetterQueue,
    });
    // obligation: TEN-3 — it writes the suppression list and nothing else of the table.
    table.grantAccess(this.recorder, 'readWrite', { leadingKeys: keys.emailSuppressionPartitions, actions: ['dynamodb:UpdateItem'] });
    this.recorder.addEnvironment('TABLE_NAME', table.tableName);
    this.suppressionIndexSecret.grantRead(this.recorder);
    // Lambda puts a failed event in the encrypted dead-letter queue with the function's role.
    this.key.grant(this.recorder, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.feedbackTopic.addSubscription(new LambdaSubscription(this.recorder, { deadLetterQueue: this.deadLetterQueue }));

    // The DNS records the vendor publishes (docs/email.md).
    const records: [string, string][] = [
      ['DkimRecord1', `${this.identity.dkimDnsTokenName1} CNAME ${this.identity.dkimDnsTokenValue1}`],
      ['DkimRecord2', `${this.identity.dkimDnsTokenName2} CNAME ${this.identity.dkimDnsTokenValue2}`],
      ['DkimRecord3', `${this.identity.dkimDnsTokenName3} CNAME ${this.identity.dkimDnsTokenValue3}`],
      ['MailFromMxRecord', `${mailFromDomain(email)} MX 10 feedback-smtp.${stack.region}.amazonses.com`],
      ['MailFromSpfRecord', `${mailFromDomain(email)} TXT "v=spf1 include:amazonses.com -all"`],
      ['DmarcRecord', `_dmarc.${email.senderDomain} TXT "${dmarcRecord(email)}"`],
    ];
    for (const [name, value] of records) new CfnOutput(stack, name, { value, description: `DNS record for the sending identity ${email.senderDomain}` });
  }

  /** The configuration set's ARN (SendEmail is authorised against it too). */
  configurationSetArn(): string {
    return Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName });
  }

  /**
   * obligation: SEC-5 — lets `fn` send e-mail from the sender address of this identity only, in the
   * configuration set, and read (GetItem) the suppression list it must honour; tells it the
   * configuration set (SES_CONFIGURATION_SET), the table and the suppression-index secret.
   */
  grantSend(fn: CompliantFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: this.senderDomain }), this.configurationSetArn()],
        conditions: { StringEquals: { 'ses:FromAddress': this.senderAddress } },
      }),
    );
    fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    this.table.grantAccess(fn, 'read', { leadingKeys: keys.emailSuppressionPartitions, actions: ['dynamodb:GetItem'] });
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
    this.suppressionIndexSecret.grantRead(fn);
  }
}
