import { APIGatewayClient, FlushStageAuthorizersCacheCommand } from '@aws-sdk/client-api-gateway';
import { runtime } from '../config/runtime.ts';
import { tracer } from '../powertools/tracer.ts';

const endpoint = runtime.apiGatewayEndpoint;

/** API Gateway's management API; on the local platform the local API server answers it. */
const client = tracer.captureAWSv3Client(
  new APIGatewayClient(
    endpoint === undefined
      ? {}
      : { endpoint, region: process.env.AWS_REGION ?? 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
  ),
);

/** Drops every cached authorizer decision of the stage, so a revoked key stops working at once. */
export async function flushAuthorizerCache(): Promise<void> {
  const restApiId = runtime.restApiId;
  const stageName = runtime.apiStage;
  if (restApiId === undefined || stageName === undefined) throw new Error('REST_API_ID and API_STAGE must be set');
  await client.send(new FlushStageAuthorizersCacheCommand({ restApiId, stageName }));
}
