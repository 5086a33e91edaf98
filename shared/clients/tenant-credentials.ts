import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { runtime } from '../config/runtime.ts';
import { TENANT_SESSION_TAG } from '../store/tenant-boundary.ts';
import { CLIENT_BUDGETS, clientConfig } from './endpoint.ts';

/**
 * How long a tenant's session lasts: STS's minimum. The SDK renews it five minutes before it
 * ends, so a busy tenant costs one AssumeRole per container every ten minutes.
 */
const TENANT_SESSION_SECONDS = 900;

let sts: STSClient | undefined;

/**
 * obligation: TEN-3 — the token-vending step: credentials of the function's tenant data role
 * (TENANT_DATA_ROLE_ARN), for one session tagged with the tenant's id, whose policy admits only
 * that tenant's partitions. The SDK memoises a provider's credentials until shortly before they
 * expire, so a table client made with it assumes the role once per session, not per request.
 * `undefined` where the function has no tenant data role (a job, a test calling services directly):
 * its own credentials then stand, behind the in-code boundary alone.
 */
export function tenantCredentials(tenantId: string): AwsCredentialIdentityProvider | undefined {
  const roleArn = runtime.tenantDataRoleArn;
  if (roleArn === undefined) return undefined;
  return async (): Promise<AwsCredentialIdentity> => {
    sts ??= new STSClient(clientConfig(runtime.stsEndpoint, CLIENT_BUDGETS.sts));
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        // Ids only: a session name shows in CloudTrail.
        RoleSessionName: `tenant-${tenantId}`,
        DurationSeconds: TENANT_SESSION_SECONDS,
        Tags: [{ Key: TENANT_SESSION_TAG, Value: tenantId }],
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  };
}
