import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Stage as ApiStage } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IAlarm, IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Subscription, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { assertOperationsConfig } from '../../shared/config/operations.ts';
import type { Stage, StageConfig } from '../../shared/config/stage.ts';
import type { JobFunctionName } from '../../shared/jobs/jobs.ts';
import { constructId } from './construct-id.ts';

/** Properties of {@link OperationsAlarms}. */
export interface OperationsAlarmsProps {
  /** The stage, named in the alarms' and the topic's names. */
  readonly stage: Stage;
  /** The stage's configuration: the alarm address (`operations.alarmEmail`) and removal follow from it. */
  readonly config: StageConfig;
  /** Every dead-letter queue of the stack, by a name for the alarm: each gets an alarm of its own. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  /** Every job's function, by job name: each gets an alarm on its errors. */
  readonly jobFunctions: Readonly<Record<JobFunctionName, IFunction>>;
  /** The tenant authorizer: alarms on its errors and throttles. */
  readonly authorizer: IFunction;
  /** The API's stage: an alarm on its rate of 5xx answers. */
  readonly apiStage: ApiStage;
  /**
   * The share of requests answered 5xx, over five minutes, that raises the alarm.
   *
   * @default 0.05
   */
  readonly serverErrorRate?: number;
  /**
   * Requests in five minutes below which the 5xx rate is not judged (one failure among three
   * requests is no outage).
   *
   * @default 20
   */
  readonly serverErrorMinimumRequests?: number;
}

/** How long the breach clock may go without a run before someone is woken (its schedule runs it every 15 minutes). */
export const BREACH_CLOCK_SILENCE = Duration.minutes(30);

/**
 * What wakes the vendor's operators: an alarm topic (SNS, encrypted with a customer-managed key,
 * TLS only; obligation: SEC-2) with the stage's alarm address subscribed, and alarms, each with an
 * alarm and an OK action on it:
 *
 * - a message in any dead-letter queue (a job run or a read audit given up: SEC-5, AUD-1);
 * - an error of any job's function;
 * - obligation: BRE-2, BRE-4 — the breach clock not having run for 30 minutes (no data counts as
 *   not run), so a broken schedule cannot silently stop the 72-hour clock's notices;
 * - errors and throttles of the authorizer (every tenant request needs it);
 * - the API stage's 5xx rate.
 */
export class OperationsAlarms extends Construct {
  /** Where every alarm goes; AWS Backup's vault reports here too. */
  readonly topic: Topic;
  /** The customer-managed key the topic's messages are encrypted with. */
  readonly key: Key;
  /** Every alarm, by construct id. */
  readonly alarms: Record<string, IAlarm> = {};
  private readonly stage: Stage;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    const { stage, config } = props;
    this.stage = stage;
    const operations = assertOperationsConfig(stage, config.operations);
    this.key = new Key(this, 'TopicKey', {
      description: `Skrbnik ${stage} alarm topic encryption`,
      enableKeyRotation: true,
      removalPolicy: config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // CloudWatch publishes alarm notifications with its own principal, so the key must let it
    // encrypt for the topic; without this the alarms fire and no message arrives.
    this.key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `Skrbnik ${stage} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    const subscription = new Subscription(this, 'AlarmEmail', {
      topic: this.topic,
      protocol: SubscriptionProtocol.EMAIL,
      endpoint: operations.alarmEmail,
    });
    Validations.of(subscription).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        "No dead-letter queue for undelivered alarm e-mails: an alarm's state stays in CloudWatch whatever becomes of its " +
        'e-mail, and a queue of missed alarms would itself need an alarm, sent over this same topic.',
    });

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`${constructId(name)}DeadLetters`, {
        description: `A message waits in the ${name} dead-letter queue: inspect it and redrive (SEC-5).`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    for (const [job, fn] of Object.entries(props.jobFunctions)) {
      this.alarm(`${constructId(job)}Errors`, {
        description: `The ${job} job failed; its schedule retries it, and a run given up lands in the jobs' dead-letter queue.`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    // obligation: BRE-2, BRE-4 — missing data is a clock that stopped.
    this.alarm('BreachClockSilent', {
      description: `The breach-clock job has not run for ${BREACH_CLOCK_SILENCE.toMinutes()} minutes: breach notices and 72-hour reminders are not going out (BRE-2, BRE-4).`,
      metric: props.jobFunctions['breach-clock'].metricInvocations({ period: BREACH_CLOCK_SILENCE, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
    });
    this.alarm('AuthorizerErrors', {
      description: 'The tenant authorizer failed: tenant requests are refused (TEN-2).',
      metric: props.authorizer.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarm('AuthorizerThrottles', {
      description: "The tenant authorizer reached its reserved concurrency: tenant requests are refused. Raise operations.reservedConcurrency.authorizer.",
      metric: props.authorizer.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const rate = props.serverErrorRate ?? 0.05;
    const minimum = props.serverErrorMinimumRequests ?? 20;
    this.alarm('ApiServerErrorRate', {
      description: `More than ${rate * 100} % of the API's answers were 5xx in two of three five-minute periods (judged from ${minimum} requests on).`,
      metric: new MathExpression({
        expression: `IF(requests >= ${minimum}, errors / requests, 0)`,
        usingMetrics: {
          errors: props.apiStage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
          requests: props.apiStage.metricCount({ period: Duration.minutes(5), statistic: 'Sum' }),
        },
        period: Duration.minutes(5),
        label: '5xx share of requests',
      }),
      threshold: rate,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  private alarm(
    id: string,
    spec: {
      description: string;
      metric: IMetric;
      threshold: number;
      comparisonOperator: ComparisonOperator;
      treatMissingData: TreatMissingData;
      evaluationPeriods?: number;
      datapointsToAlarm?: number;
    },
  ): void {
    const alarm = new Alarm(this, id, {
      alarmName: `skrbnik-${this.stage}-${id}`,
      alarmDescription: spec.description,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparisonOperator,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      datapointsToAlarm: spec.datapointsToAlarm,
      treatMissingData: spec.treatMissingData,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms[id] = alarm;
  }
}
