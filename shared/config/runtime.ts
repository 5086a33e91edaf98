/**
 * Settings a function reads from its environment at cold start. The CDK stack and the local
 * platform set the same variables, so handler code cannot tell which of the two it runs in.
 */
function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Environment variable ${name} is not set`);
  return value;
}

function optional(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

export const runtime = {
  get tableName(): string {
    return required('TABLE_NAME');
  },
  /** Set only on the local platform: the DynamoDB Local endpoint. */
  get dynamoEndpoint(): string | undefined {
    return optional('DYNAMODB_ENDPOINT');
  },
  /** Set only on the local platform: the local stand-in for STS, which vends tenant credentials. */
  get stsEndpoint(): string | undefined {
    return optional('STS_ENDPOINT');
  },
  /**
   * obligation: TEN-3 — the role a function serving tenants assumes per tenant (with the tenant's
   * session tag) to reach the table; unset for functions that act under their own role.
   */
  get tenantDataRoleArn(): string | undefined {
    return optional('TENANT_DATA_ROLE_ARN');
  },
  /** Set only on the local platform: the local SES endpoint. */
  get sesEndpoint(): string | undefined {
    return optional('SES_ENDPOINT');
  },
  /** Set only on the local platform: the local S3-compatible server (s3rver) holding exports. */
  get s3Endpoint(): string | undefined {
    return optional('S3_ENDPOINT');
  },
  /** The export bucket (EXP-1): full tenant exports and data subjects' access exports. */
  get exportBucket(): string {
    return required('EXPORT_BUCKET');
  },
  /** Set only on the local platform: the local stand-in for API Gateway's management API. */
  get apiGatewayEndpoint(): string | undefined {
    return optional('APIGATEWAY_ENDPOINT');
  },
  get restApiId(): string | undefined {
    return optional('REST_API_ID');
  },
  get apiStage(): string | undefined {
    return optional('API_STAGE');
  },
  get noticeTopicArn(): string | undefined {
    return optional('NOTICE_TOPIC_ARN');
  },
  get senderAddress(): string {
    return optional('SENDER_ADDRESS') ?? 'no-reply@skrbnik.invalid';
  },
  /** The SES configuration set every send names: its bounces and complaints feed the suppression list. */
  get sesConfigurationSet(): string | undefined {
    return optional('SES_CONFIGURATION_SET');
  },
  /** Local platform only: the suppression-index key as hex. */
  get suppressionIndexKey(): string | undefined {
    return optional('SUPPRESSION_INDEX_KEY');
  },
  /** The secret that keys the e-mail suppression list (docs/email.md). */
  get suppressionIndexSecretArn(): string {
    return required('SUPPRESSION_INDEX_SECRET_ARN');
  },
  /** Local platform only: the blind-index secret as hex. */
  get blindIndexKey(): string | undefined {
    return optional('BLIND_INDEX_KEY');
  },
  get blindIndexSecretArn(): string {
    return required('BLIND_INDEX_SECRET_ARN');
  },
  /** Local platform only: the link-signing key as hex. */
  get linkSigningKey(): string | undefined {
    return optional('LINK_SIGNING_KEY');
  },
  get linkSigningSecretArn(): string {
    return required('LINK_SIGNING_SECRET_ARN');
  },
  get auditQueueUrl(): string {
    return required('AUDIT_QUEUE_URL');
  },
  /** The vendor's invoicing details as JSON (shared/model/billing.ts `seller`), from the stage config. */
  get sellerDetails(): string {
    return required('SELLER_DETAILS');
  },
  /** Breach responders and the supervisory authority as JSON (StageConfig `breach`). */
  get breachContacts(): string {
    return required('BREACH_CONTACTS');
  },
  /** The vendor's support desk as JSON (StageConfig `support`): assistance requests go there (DSR-11). */
  get supportContact(): string {
    return required('SUPPORT_CONTACT');
  },
  /** Messages per second the SES account may send (its quota); fan-outs keep under it. */
  get sesSendRate(): number {
    return Number(optional('SES_SEND_RATE') ?? '14');
  },
  get apiKeyMaxAgeDays(): number {
    return Number(optional('API_KEY_MAX_AGE_DAYS') ?? '90');
  },
  /** The stage's minimum maintenance lead time in hours (MNT-1). */
  get maintenanceLeadHours(): number {
    return Number(optional('MAINTENANCE_LEAD_HOURS') ?? '48');
  },
  /**
   * Where the public API is reached, without a trailing slash and without `/v1` (the stage's
   * invoke URL, or a custom domain): links in e-mails to data subjects start with it.
   */
  get publicBaseUrl(): string {
    return required('PUBLIC_BASE_URL').replace(/\/+$/, '');
  },
  /** Days a consent confirmation link works (CON-1). */
  get consentLinkExpiryDays(): number {
    return Number(optional('CONSENT_LINK_EXPIRY_DAYS') ?? '7');
  },
};
