import { runtime } from '../config/runtime.ts';
import { clientConfig } from './endpoint.ts';

type Sdk = typeof import('@aws-sdk/client-api-gateway');
let sdk: Promise<{ client: InstanceType<Sdk['APIGatewayClient']>; Flush: Sdk['FlushStageAuthorizersCacheCommand'] }> | undefined;

/** Loaded on first use: only a revocation needs it, and it would slow every cold start. */
function managementApi() {
  sdk ??= import('@aws-sdk/client-api-gateway').then((m) => ({
    client: new m.APIGatewayClient(clientConfig(runtime.apiGatewayEndpoint)),
    Flush: m.FlushStageAuthorizersCacheCommand,
  }));
  return sdk;
}

/** Drops every cached authorizer decision of the stage, so a revoked key stops working at once. */
export async function flushAuthorizerCache(): Promise<void> {
  const restApiId = runtime.restApiId;
  const stageName = runtime.apiStage;
  if (restApiId === undefined || stageName === undefined) throw new Error('REST_API_ID and API_STAGE must be set');
  const { client, Flush } = await managementApi();
  await client.send(new Flush({ restApiId, stageName }));
}
