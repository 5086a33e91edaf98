import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  IdentitySource,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestAuthorizer,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { MethodOptions } from 'aws-cdk-lib/aws-apigateway';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { Stage, StageConfig } from '../../shared/config/stage.ts';
import { AUTHORIZER_CACHE_TTL_SECONDS, TENANT_KEY_HEADER } from '../../shared/http/auth.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import { HTTP_FUNCTIONS } from '../../shared/http/route-definition.ts';
import type { AuthKind, HttpFunctionName } from '../../shared/http/route-definition.ts';
import { AUTHORIZER_ENTRY, httpFunctionEntry } from '../function-entries.ts';
import { CompliantFunction } from './compliant-function.ts';
import type { BlindIndexSecret } from './blind-index-secret.ts';
import type { LinkSigningSecret } from './link-signing-secret.ts';
import type { CompliantTable } from './compliant-table.ts';
import { TenantDataRoles } from './tenant-data-roles.ts';
import { AUTHORIZER_TABLE_REACH, HTTP_TABLE_REACH } from '../../shared/http/table-reach.ts';
import type { TableReach } from '../../shared/http/table-reach.ts';
import { constructId } from './construct-id.ts';
import type { Notices } from './notices.ts';
import type { ExportBucket } from './export-bucket.ts';
import { grantNeeds } from './function-needs.ts';
import type { FunctionNeeds } from './function-needs.ts';
import { addProblemResponses } from './problem-responses.ts';
import { acknowledgeControls } from './control-packs.ts';
import type { ReadAudits } from './read-audits.ts';
import { StageLogGroup } from './stage-log-group.ts';
import { ApiMethods } from './api-methods.ts';

/**
 * What an HTTP function needs beside its routes and its reach into the table (HTTP_TABLE_REACH in
 * shared/http/table-reach.ts); each grant follows from one entry here.
 */
interface ApiFunctionNeeds extends FunctionNeeds {
  /**
   * Memory in MB, where CPU matters more than the default gives (Lambda's CPU grows with memory).
   *
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * obligation: AUD-1 — it reads personal data and queues each read's audit entries.
   *
   * @default false
   */
  readonly queuesReadAudits?: boolean;
  /**
   * obligation: CON-1 — it writes or answers with links to the public consent pages, so it is told
   * where the API is reached (PUBLIC_BASE_URL, the stage's invoke URL).
   *
   * @default false
   */
  readonly publicLinks?: boolean;
}

const NEEDS: Record<HttpFunctionName, ApiFunctionNeeds> = {
  // An operator's read of a tenant's contacts is audited through the read-audit queue (TEN-4).
  'operator-tenants': { queuesReadAudits: true },
  // Revocation flushes the authorizer cache, so a revoked key stops working at once (TEN-2).
  'api-keys': { flushesAuthorizerCache: true },
  // The tenant's read of its own contacts is audited through the queue too (AUD-1).
  'tenant-profile': { queuesReadAudits: true },
  // An erasure deletes the subject's exports not yet expired (DSR-6).
  // Credential hashes (DAT-9) are scrypt with 32 MiB and p=3: about 0.27 s of one full vCPU
  // (node:crypto on the benchmark machine), so about 1.8 s at 256 MB and 0.5 s at 1024 MB.
  subjects: { blindIndex: true, queuesReadAudits: true, exports: 'delete', memorySize: 1024 },
  'time-entries': { queuesReadAudits: true },
  // Reading the trail queues no read audit (shared/services/audit-trail.ts): entries hold ids and
  // field names, never personal values.
  'audit-trail': {},
  // Cancellation confirms by e-mail; only an active tenant may cancel, so no key's access changes.
  billing: { sendsNotices: true },
  // Payment receipts, reactivation and termination notices; reactivation and the termination of a
  // dormant tenant restore its keys' full access (DUN-3, DUN-4, DUN-6).
  'operator-billing': { sendsNotices: true, flushesAuthorizerCache: true },
  // Scheduling, start and completion send their maintenance notice right away (MNT-2).
  'operator-maintenance': { sendsNotices: true },
  // The public status page reads maintenance and the status feed; nothing personal is in either.
  'status-page': {},
  // The breach register sends tenant notices and files with the authority by e-mail (BRE-2, BRE-4).
  'operator-incidents': { sendsNotices: true, sendsSms: true },
  'tenant-incidents': {},
  // Art. 34 campaigns: the body is checked against the blind index for subjects' e-mail addresses and
  // tax numbers (BRE-5); the job sends, not this function.
  'tenant-breach-communications': { blindIndex: true },
  // Full exports: requested here, produced by the job; a download presigns a five-minute link (EXP-1).
  'tenant-exports': { exports: 'download' },
  // A data subject's signed link (DSR-5): checked with the link-signing key.
  'export-links': { signsLinks: true, exports: 'download' },
  // Retention policy, legal holds and purge runs (RET-1..3): ids, periods, reasons and counts, no
  // subject's personal values, so no read audits; the purge job removes, not these functions.
  retention: {},
  'operator-retention': {},
  // The disclosure log (AUD-3): reading it queues read audits (it lists subject ids); Art. 19
  // notices go to the recipients by e-mail (DSR-7).
  disclosures: { sendsNotices: true, queuesReadAudits: true },
  // The vendor's disclosures tell the tenant's data protection contact (AUD-3).
  'operator-disclosures': { sendsNotices: true },
  // Assistance requests (DSR-11) are e-mailed to support after the description is checked against
  // the blind index for subjects' e-mail addresses and tax numbers.
  'assistance-requests': { blindIndex: true, sendsNotices: true },
  'operator-assistance-requests': {},
  // Requests are matched to earlier ones by the requester's blind index (DSR-4); answers, extension
  // and fee notices go to the requester by e-mail; access exports are written to the export bucket.
  // Reading a request (it holds the requester's address until answered) is audited (AUD-1). An
  // access request writes the subject's export (its link signed with the key derived from the
  // link-signing secret, its address on the public API URL); an erasure deletes the subject's exports
  // (DSR-5, DSR-6).
  'privacy-requests': { blindIndex: true, signsLinks: true, sendsNotices: true, queuesReadAudits: true, exports: 'write', publicLinks: true },
  // A form sent to the vendor waits for its sender to confirm the address through a signed link on
  // the public API URL (its daily cap counts by the address's blind index); only then is the request
  // recorded for the tenant and forwarded to its contact (DSR-8).
  'privacy-request-intake': { blindIndex: true, signsLinks: true, sendsNotices: true, publicLinks: true },
  // Double opt-in: the confirmation e-mail goes to the subject's address, found and remembered by its
  // blind index; links are signed with the link-signing key (CON-1).
  consents: { blindIndex: true, signsLinks: true, queuesReadAudits: true, sendsNotices: true, publicLinks: true },
  // The data subject's public consent pages: link signatures are checked with the link-signing key.
  'consent-links': { signsLinks: true, publicLinks: true },
  openapi: {},
};

/**
 * obligation: SEC-6 — the access log names the route, the tenant and the key, never the caller's
 * IP address, user agent or IAM identity (all personal data of the people behind them).
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    requestTime: AccessLogField.contextRequestTime(),
    httpMethod: AccessLogField.contextHttpMethod(),
    resourcePath: AccessLogField.contextResourcePath(),
    status: AccessLogField.contextStatus(),
    responseLength: AccessLogField.contextResponseLength(),
    responseLatency: AccessLogField.contextResponseLatency(),
    integrationLatency: AccessLogField.contextIntegrationLatency(),
    errorType: AccessLogField.contextErrorResponseType(),
    tenantId: AccessLogField.contextAuthorizer('tenantId'),
    keyId: AccessLogField.contextAuthorizer('keyId'),
    xrayTraceId: AccessLogField.contextXrayTraceId(),
  }),
);

/** Properties of the {@link SkrbnikApi}. */
export interface SkrbnikApiProps {
  /** The stage; it is also the API stage's name. */
  readonly stage: Stage;
  /** The stage's configuration: throttling and log retention come from it. */
  readonly config: StageConfig;
  /** The table the functions read and write. */
  readonly table: CompliantTable;
  /** The blind-index secret, for the functions that compute lookups (DAT-6). */
  readonly blindIndexSecret: BlindIndexSecret;
  /** The link-signing secret, for the functions that sign or check public links (CON-1, DSR-5, DSR-8). */
  readonly linkSigningSecret: LinkSigningSecret;
  /** The read-audit queue, for the functions that read personal data (AUD-1). */
  readonly readAudits: ReadAudits;
  /** The notice topic and e-mail sender, for the functions that send notices. */
  readonly notices: Notices;
  /** The export bucket, for the functions that store, hand out or delete exports. */
  readonly exportBucket: ExportBucket;
  /**
   * Variables every function of the API gets, beside its own.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;
}

/**
 * The REST API built from the route table (shared/http/routes.ts): one function per HTTP
 * function name, one integration per route, and the authorisation each route declares —
 * tenant API keys through the REQUEST authorizer, operators through IAM (TEN-4).
 */
export class SkrbnikApi extends Construct {
  readonly restApi: RestApi;
  /** The nested stack of the API's resources and methods (infra/constructs/api-methods.ts). */
  readonly methods: ApiMethods;
  /** The tenant API key authorizer's function. */
  readonly authorizerFunction: CompliantFunction;
  private readonly stage: Stage;
  private readonly functions: Record<HttpFunctionName, CompliantFunction>;

  constructor(scope: Construct, id: string, props: SkrbnikApiProps) {
    super(scope, id);
    const { stage, config, table } = props;
    this.stage = stage;

    const accessLogs = new StageLogGroup(this, 'AccessLogs', { config });
    this.restApi = new RestApi(this, 'RestApi', {
      restApiName: `skrbnik-${stage}`,
      description: `Skrbnik ${stage} API`,
      endpointTypes: [EndpointType.REGIONAL],
      // API Gateway writes the stage's logs through the account-wide CloudWatch role.
      cloudWatchRole: true,
      deployOptions: {
        stageName: stage,
        tracingEnabled: true,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
        loggingLevel: MethodLoggingLevel.ERROR,
        // obligation: SEC-6 — full request and response logging would copy personal data to logs.
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: config.throttleRateLimit,
        throttlingBurstLimit: config.throttleBurstLimit,
      },
    });
    Validations.of(this.restApi.node.findChild('CloudWatchRole')).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'AWS documents this managed policy as the one API Gateway needs to write execution and access logs; ' +
        'the role is assumable by apigateway.amazonaws.com only.',
    });
    // obligation: DSR-8 — the stage's web ACL is in the operations' nested stack (infra/constructs/
    // operations.ts, api-firewall.ts), beyond the reach of the rules that look for it in this stack.
    const WAF_ELSEWHERE =
      "The stage's WAF web ACL (AWS managed rules, and rate limits on the public routes) is associated from the " +
      "operations nested stack, where this rule, which looks only in the stage's own stack, cannot see it; " +
      'test/infra/operations.test.ts proves the association.';
    Validations.of(this.restApi.deploymentStage).acknowledge({ id: 'AwsSolutions-APIG3', reason: WAF_ELSEWHERE });
    acknowledgeControls(this.restApi.deploymentStage, 'APIGWAssociatedWithWAF', WAF_ELSEWHERE, ['NIST.800.53.R5']);
    acknowledgeControls(
      this.restApi.deploymentStage,
      'APIGWCacheEnabledAndEncrypted',
      'No stage cache: answers are per tenant and hold personal data, which a cache would keep outside the table, its key ' +
        "and its erasure (DSR-6); the authorizer's own cache keeps only a key's decision, for 60 s.",
    );
    acknowledgeControls(
      this.restApi.deploymentStage,
      'APIGWSSLEnabled',
      'A client certificate authenticates API Gateway to an HTTP backend; every integration here is a Lambda function, ' +
        'invoked through IAM, so there is no backend to present it to.',
    );
    addProblemResponses(this.restApi);

    // Inputs are validated in the handlers against each route's zod schema, which answer with the
    // failing field paths; the gateway validator enforces whatever a method declares on top.
    const validator = this.restApi.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const tenantData = new TenantDataRoles(this, 'TenantData', { table });
    // obligation: TEN-3 — each function reaches the table as shared/http/table-reach.ts declares.
    const functionFor = (name: string, entry: string, reach: TableReach | undefined, description: string, memorySize?: number, reservedConcurrentExecutions?: number) => {
      const fn = new CompliantFunction(this, constructId(name), { entry, config, description, environment: props.environment, ...(memorySize === undefined ? {} : { memorySize }), reservedConcurrentExecutions });
      if (reach?.via === 'table') fn.bindTable(table, reach.access);
      if (reach?.via === 'tenant') tenantData.grantAssume(fn, reach.access, reach.beyond);
      if (reach?.via === 'partitions') fn.bindTable(table, reach.access, { leadingKeys: reach.partitions, actions: reach.actions.map((a) => `dynamodb:${a}`) });
      return fn;
    };

    // Reserved concurrency: a burst elsewhere never leaves tenant requests unauthorised, and a flood
    // of unknown keys never takes more (shared/config/operations.ts).
    const authorizerFunction = functionFor(
      'authorizer',
      AUTHORIZER_ENTRY,
      AUTHORIZER_TABLE_REACH,
      'Maps a tenant API key to its tenant and scopes (TEN-2, TEN-3)',
      undefined,
      config.operations.reservedConcurrency.authorizer,
    );
    this.authorizerFunction = authorizerFunction;
    const authorizer = new RequestAuthorizer(this, 'TenantAuthorizer', {
      handler: authorizerFunction,
      identitySources: [IdentitySource.header(TENANT_KEY_HEADER)],
      resultsCacheTtl: Duration.seconds(AUTHORIZER_CACHE_TTL_SECONDS),
    });

    this.functions = Object.fromEntries(
      HTTP_FUNCTIONS.map((name) => {
        const needs = NEEDS[name];
        const fn = functionFor(name, httpFunctionEntry(name), HTTP_TABLE_REACH[name], `HTTP routes of ${name}`, needs.memorySize);
        grantNeeds(fn, needs, { ...props, api: this }, () => {
          if (needs.queuesReadAudits) props.readAudits.grantSend(fn);
        });
        // The invoke URL from the API's id, not from its deployment stage, which depends on the
        // integrations of this very function (as for the cache flush below).
        if (needs.publicLinks) {
          fn.addEnvironment('PUBLIC_BASE_URL', `https://${this.restApi.restApiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${stage}`);
        }
        return [name, fn];
      }),
    ) as Record<HttpFunctionName, CompliantFunction>;

    const methodOptions: Record<AuthKind, MethodOptions> = {
      tenant: { authorizationType: AuthorizationType.CUSTOM, authorizer },
      operator: { authorizationType: AuthorizationType.IAM }, // obligation: TEN-4
      public: { authorizationType: AuthorizationType.NONE },
    };
    // The resources and methods, most of the API's resources, in a nested stack of their own; the
    // deployment depends on it through its methods.
    this.methods = new ApiMethods(this, 'Methods', { stage, restApi: this.restApi, routes: ROUTES, functions: this.functions, methodOptions, requestValidator: validator });
  }

  /**
   * obligation: TEN-2, DUN-3, DUN-5 — lets `fn` flush this stage's authorizer cache and nothing
   * else of the API, and tells it where (REST_API_ID, API_STAGE): a change to what a tenant's keys
   * may do takes effect at once. For the API's functions that declare `flushesAuthorizerCache`, and
   * for the jobs that do (infra/constructs/scheduled-jobs.ts). The stage name is a literal, not
   * read from the deployment stage, which would make a flushing API function depend on its own
   * integrations; only the REST API's id is referenced, so a function created after the API
   * depends on it and the API never on the function.
   */
  grantAuthorizerCacheFlush(fn: CompliantFunction): void {
    const stage = this.stage;
    fn.addEnvironment('REST_API_ID', this.restApi.restApiId);
    fn.addEnvironment('API_STAGE', stage);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['apigateway:DELETE'],
        resources: [
          Stack.of(this).formatArn({
            service: 'apigateway',
            account: '',
            resource: `/restapis/${this.restApi.restApiId}/stages/${stage}/cache/authorizers`,
            arnFormat: ArnFormat.NO_RESOURCE_NAME,
          }),
        ],
      }),
    );
  }
}
