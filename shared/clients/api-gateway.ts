import { runtime } from '../config/runtime.ts';
import { CLIENT_BUDGETS, clientConfig } from './endpoint.ts';

type Sdk = typeof import('@aws-sdk/client-api-gateway');
let sdk: Promise<{ client: InstanceType<Sdk['APIGatewayClient']>; Flush: Sdk['FlushStageAuthorizersCacheCommand'] }> | undefined;

/** The access key id the local platform's flushing functions sign with; the secret is the run's own. */
export const LOCAL_MANAGEMENT_ACCESS_KEY_ID = 'local';

/**
 * Set only on the local platform: the secret the functions that flush the authorizer cache sign
 * their management calls with (SigV4), a new one each run, which the local stand-in for API
 * Gateway checks (local/management-api.ts). In Lambda the function's own role signs.
 */
export const LOCAL_MANAGEMENT_SECRET_VARIABLE = 'APIGATEWAY_LOCAL_SECRET';

function config() {
  const local = runtime.apiGatewayEndpoint;
  if (local === undefined) return {};
  const credentials = { accessKeyId: LOCAL_MANAGEMENT_ACCESS_KEY_ID, secretAccessKey: process.env[LOCAL_MANAGEMENT_SECRET_VARIABLE] ?? '' };
  return { ...clientConfig(local, CLIENT_BUDGETS.apiGateway), credentials };
}

/** Loaded on first use: only a revocation needs it, and it would slow every cold start. */
function managementApi() {
  sdk ??= import('@aws-sdk/client-api-gateway').then((m) => ({
    client: new m.APIGatewayClient(config()),
    Flush: m.FlushStageAuthorizersCacheCommand,
  }));
  return sdk;
}

/**
 * Drops every cached authorizer decision of the stage, so a revoked key stops working at once.
 * Callers go through `shared/services/authorizer-cache.ts`, which keeps a failed flush owed.
 */
export async function flushAuthorizerCache(): Promise<void> {
  const restApiId = runtime.restApiId;
  const stageName = runtime.apiStage;
  if (restApiId === undefined || stageName === undefined) throw new Error('REST_API_ID and API_STAGE must be set');
  const { client, Flush } = await managementApi();
  await client.send(new Flush({ restApiId, stageName }));
}
