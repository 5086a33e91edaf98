import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EuRegion } from '../shared/config/region.ts';
import { STAGE_CONFIG } from '../shared/config/stage.ts';
import { assertVendorConfig } from '../shared/config/vendor.ts';
import type { Stage } from '../shared/config/stage.ts';
import { BlindIndexSecret } from './constructs/blind-index-secret.ts';
import { LinkSigningSecret } from './constructs/link-signing-secret.ts';
import { CompliantTable } from './constructs/compliant-table.ts';
import { ExportBucket } from './constructs/export-bucket.ts';
import { Notices } from './constructs/notices.ts';
import { ReadAudits } from './constructs/read-audits.ts';
import { Operations } from './constructs/operations.ts';
import { ScheduledJobs } from './constructs/scheduled-jobs.ts';
import { SkrbnikApi } from './constructs/skrbnik-api.ts';

/** Properties of a {@link SkrbnikStack}. */
export interface SkrbnikStackProps {
  /** The stage; it names the stack, the table and the API stage. */
  readonly stage: Stage;
  /** obligation: SEC-1 — the type admits EU regions only. */
  readonly region: EuRegion;
  /**
   * The AWS account.
   *
   * @default - the CLI's current account (CDK_DEFAULT_ACCOUNT), or an account-agnostic stack
   */
  readonly account?: string;
}

/** The stack's name for a stage: each stage is its own stack with its own table (SEC-4). */
function stackNameOf(stage: Stage): string {
  return `Skrbnik-${stage}`;
}

/** Everything one stage of Skrbnik runs on, in one EU region. */
export class SkrbnikStack extends Stack {
  constructor(scope: Construct, props: SkrbnikStackProps) {
    const { stage, region, account } = props;
    // The vendor's details (seller, breach contacts, support, sending identity) stop synthesis
    // with every wrong field named (shared/config/vendor.ts).
    const config = assertVendorConfig(stage, STAGE_CONFIG[stage]);
    super(scope, stackNameOf(stage), {
      stackName: stackNameOf(stage),
      env: { region, account },
      description: `Skrbnik ${stage}: API, jobs, notices, read audits and the table`,
      terminationProtection: config.production,
    });
    // Settings the functions read at cold start (shared/config/runtime.ts).
    const environment = { API_KEY_MAX_AGE_DAYS: String(config.apiKeyMaxAgeDays), MAINTENANCE_LEAD_HOURS: String(config.maintenanceLeadHours), SELLER_DETAILS: JSON.stringify(config.seller), BREACH_CONTACTS: JSON.stringify(config.breach), SUPPORT_CONTACT: JSON.stringify(config.support) };

    const table = new CompliantTable(this, 'Table', { stage, config });
    const notices = new Notices(this, 'Notices', { stage, config, table });
    const blindIndexSecret = new BlindIndexSecret(this, 'BlindIndex', { stage, config });
    const linkSigningSecret = new LinkSigningSecret(this, 'LinkSigning', { stage, config });
    const exportBucket = new ExportBucket(this, 'Exports', { stage, config });
    const readAudits = new ReadAudits(this, 'ReadAudits', { stage, config, table, environment });
    const api = new SkrbnikApi(this, 'Api', { stage, config, table, blindIndexSecret, linkSigningSecret, readAudits, notices, exportBucket, environment });
    // After the API: the jobs that flush its authorizer cache depend on the REST API's id.
    const jobs = new ScheduledJobs(this, 'Jobs', { config, table, notices, blindIndexSecret, linkSigningSecret, exportBucket, api, environment });
    // Alarms to the stage's alarm address, the table's backups, the API's web ACL (docs/operations.md).
    const operations = new Operations(this, 'Operations', {
      stage,
      config,
      table,
      apiStage: api.restApi.deploymentStage,
      authorizer: api.authorizerFunction,
      jobFunctions: jobs.functions,
      deadLetterQueues: { jobs: jobs.deadLetterQueue, 'read-audits': readAudits.deadLetterQueue, 'email-feedback': notices.sending.deadLetterQueue },
    });

    new CfnOutput(this, 'ApiUrl', { value: api.restApi.url });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'NoticeTopicArn', { value: notices.topic.topicArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: operations.alarms.topic.topicArn });
  }
}
