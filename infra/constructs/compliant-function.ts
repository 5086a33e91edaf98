import { relative } from 'node:path';
import { AssetHashType, DockerImage, Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function, Tracing } from 'aws-cdk-lib/aws-lambda';
import type { FunctionProps } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../../shared/config/stage.ts';
import { LAMBDA_HANDLER, LAMBDA_RUNTIME, bundleFunction } from '../bundling.ts';
import { PROJECT_ROOT } from '../paths.ts';
import type { TableAccess } from '../../shared/http/table-reach.ts';
import type { CompliantTable, TableGrantLimits } from './compliant-table.ts';
import { acknowledgeControls } from './control-packs.ts';
import { StageLogGroup } from './stage-log-group.ts';

/** What synchronously invokes a function that has no dead-letter queue of its own. */
export type SynchronousCaller = 'api-gateway' | 'sqs-event-source';

/** Why a synchronously invoked function loses no event without a dead-letter queue. */
const NO_DLQ_REASON: Record<SynchronousCaller, string> = {
  'api-gateway': 'Invoked synchronously by API Gateway: the caller receives every error, so no event can be lost.',
  'sqs-event-source':
    'Invoked synchronously by its SQS event source mapping, for which a function dead-letter queue never applies: a failed ' +
    "message returns to the queue and, once its receives are spent, moves to the queue's own dead-letter queue.",
};

/** Properties of a {@link CompliantFunction}; everything compliance depends on is fixed. */
export interface CompliantFunctionProps
  extends Pick<FunctionProps, 'description' | 'environment' | 'memorySize' | 'timeout' | 'reservedConcurrentExecutions'> {
  /** Absolute path of the handler module (see infra/function-entries.ts); it exports `handler`. */
  readonly entry: string;
  /** The stage's configuration: log retention and removal follow from it. */
  readonly config: StageConfig;
  /**
   * Where events of asynchronous invocations go once Lambda's retries are spent.
   *
   * @default - none: the function is invoked synchronously (API Gateway), and the caller gets
   * every error itself
   */
  readonly deadLetterQueue?: IQueue;
  /**
   * What invokes the function synchronously when it has no dead-letter queue (the reason it
   * needs none); ignored when `deadLetterQueue` is set.
   *
   * @default 'api-gateway'
   */
  readonly synchronousCaller?: SynchronousCaller;
  /**
   * What the function does, shown in the console.
   *
   * @default - no description
   */
  readonly description?: string;
  /**
   * Variables beside those every function gets (Powertools settings, source maps).
   *
   * @default - no further variables
   */
  readonly environment?: Record<string, string>;
  /**
   * Memory in MB; CPU grows with it.
   *
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * How long one invocation may run.
   *
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Concurrency kept for this function out of the account's pool, and its most at once: for the
   * functions that must never starve (the authorizer, the breach jobs; shared/config/operations.ts).
   *
   * @default - none: the function shares the account's unreserved pool
   */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * Why the other functions reserve no concurrency (NIST 800-53 R5 and HIPAA `LambdaConcurrency`).
 */
const NO_RESERVED_CONCURRENCY_REASON =
  "No reserved concurrency: only the authorizer and the breach jobs reserve theirs (stage configuration). Reserving for " +
  "each of some forty functions would carve the account's pool into slices that sit idle, and Lambda keeps 100 " +
  'unreserved; the API stage throttles requests and each job runs on its schedule.';

/** Why no function runs in a VPC (the control packs' `LambdaInsideVPC`). */
const NO_VPC_REASON =
  'No VPC: the functions reach only AWS services (DynamoDB, S3, SQS, SNS, SES, Secrets Manager, STS) over TLS with ' +
  'IAM-signed requests, and nothing of Skrbnik lives in a network. A VPC would add NAT or endpoints and cold-start ' +
  'cost without narrowing what a function can reach, which its role decides.';
/**
 * A Lambda function as every Skrbnik function must be: the newest Node.js runtime on ARM, active
 * X-Ray tracing, its own log group with the stage's retention, its own role with no managed
 * policies, and a minified ESM bundle built by the local esbuild with source maps, split so that
 * what loads on first use costs the cold start nothing (infra/bundling.ts).
 */
export class CompliantFunction extends Function {
  /** The function's own role: grants and their acknowledgements attach here. */
  declare readonly role: Role;

  constructor(scope: Construct, id: string, props: CompliantFunctionProps) {
    const logGroup = new StageLogGroup(scope, `${id}Logs`, { config: props.config });
    // Its own role rather than AWSLambdaBasicExecutionRole: it may write its own log group only.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    super(scope, id, {
      // As NodejsFunction does, minus the one thing it cannot do (code splitting): the asset is
      // the bundle, hashed by its output, built locally; the image is never pulled.
      code: Code.fromAsset(PROJECT_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          image: DockerImage.fromRegistry('local-esbuild-only'),
          // Never run: the local bundler answers first. It puts the entry in the asset's cache
          // key, which CDK makes from the bundling options: without it every function would get
          // the first one's bundle.
          command: ['bundleFunction', relative(PROJECT_ROOT, props.entry)],
          local: {
            tryBundle(outputDir) {
              bundleFunction(props.entry, outputDir);
              return true;
            },
          },
        },
      }),
      handler: LAMBDA_HANDLER,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      description: props.description,
      role,
      logGroup,
      deadLetterQueue: props.deadLetterQueue,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'skrbnik',
        POWERTOOLS_METRICS_NAMESPACE: 'Skrbnik',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
    });
    acknowledgeControls(
      role,
      'IAMNoInlinePolicy',
      "The function's own role has one policy of its own, written by the grants this function needs and attached to " +
        'no other role; a managed policy would only invite sharing it.',
    );
    acknowledgeControls(this, 'LambdaInsideVPC', NO_VPC_REASON);
    if (props.reservedConcurrentExecutions === undefined) acknowledgeControls(this, 'LambdaConcurrency', NO_RESERVED_CONCURRENCY_REASON);
    if (props.deadLetterQueue === undefined) {
      const reason = NO_DLQ_REASON[props.synchronousCaller ?? 'api-gateway'];
      Validations.of(this).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
      acknowledgeControls(this, 'LambdaDLQ', reason);
    }
  }

  /** Lets the function use the table as `access` and `limits` allow, and tells it the table's name. */
  bindTable(table: CompliantTable, access: TableAccess, limits?: TableGrantLimits): this {
    table.grantAccess(this, access, limits);
    return this.addEnvironment('TABLE_NAME', table.tableName);
  }
}
