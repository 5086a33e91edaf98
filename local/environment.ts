import { STAGE_CONFIG } from '../shared/config/stage.ts';
import { newSecretKey } from './data-dir.ts';
import type { LocalSecrets } from './data-dir.ts';
import { LOCAL_TENANT_DATA_ROLE_ARN } from './sts.ts';
import { LOCAL_API_ID, LOCAL_STAGE } from './api-server.ts';

export const LOCAL_TABLE_NAME = 'skrbnik-local';
/** The configuration set sends name locally; the local SES accepts and ignores it (it cannot bounce: docs/email.md). */
export const LOCAL_CONFIGURATION_SET = 'skrbnik-local-notices';

export interface LocalEndpoints {
  dynamoEndpoint: string;
  sesEndpoint: string;
  apiUrl: string;
  tableName: string;
  /** Kept with the data: the blind index is useless under another key, links under another signer. */
  secrets: LocalSecrets;
  /** The STS stand-in that vends tenant credentials (TEN-3); left as they are when absent. */
  stsEndpoint?: string;
  /** The local S3 server and the export bucket in it (EXP-1); left as they are when absent. */
  s3Endpoint?: string;
  exportBucket?: string;
}

/**
 * The variables the CDK stack sets on every function, set here for the same handler modules.
 * Must run before any handler module is imported: SDK clients read them at module load.
 */
export function applyLocalEnvironment(endpoints: LocalEndpoints): void {
  Object.assign(process.env, {
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TABLE_NAME: endpoints.tableName,
    BLIND_INDEX_KEY: endpoints.secrets.blindIndexKey,
    LINK_SIGNING_KEY: endpoints.secrets.linkSigningKey,
    SUPPRESSION_INDEX_KEY: endpoints.secrets.suppressionIndexKey ?? process.env.SUPPRESSION_INDEX_KEY ?? newSecretKey(),
    DYNAMODB_ENDPOINT: endpoints.dynamoEndpoint,
    SES_ENDPOINT: endpoints.sesEndpoint,
    APIGATEWAY_ENDPOINT: endpoints.apiUrl,
    // Links in e-mails to data subjects (consent confirmation) lead to this API server.
    PUBLIC_BASE_URL: endpoints.apiUrl,
    REST_API_ID: LOCAL_API_ID,
    API_STAGE: LOCAL_STAGE,
    SENDER_ADDRESS: 'notices@skrbnik.local',
    SES_CONFIGURATION_SET: LOCAL_CONFIGURATION_SET,
    SELLER_DETAILS: JSON.stringify(STAGE_CONFIG.dev.seller),
    BREACH_CONTACTS: JSON.stringify(STAGE_CONFIG.dev.breach),
    SUPPORT_CONTACT: JSON.stringify(STAGE_CONFIG.dev.support),
    API_KEY_MAX_AGE_DAYS: process.env.API_KEY_MAX_AGE_DAYS ?? '90',
    MAINTENANCE_LEAD_HOURS: process.env.MAINTENANCE_LEAD_HOURS ?? String(STAGE_CONFIG.dev.maintenanceLeadHours),
    ...(endpoints.stsEndpoint === undefined ? {} : { STS_ENDPOINT: endpoints.stsEndpoint, TENANT_DATA_ROLE_ARN: LOCAL_TENANT_DATA_ROLE_ARN }),
    ...(endpoints.s3Endpoint === undefined ? {} : { S3_ENDPOINT: endpoints.s3Endpoint }),
    ...(endpoints.exportBucket === undefined ? {} : { EXPORT_BUCKET: endpoints.exportBucket }),
    POWERTOOLS_SERVICE_NAME: 'skrbnik',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
  });
}
