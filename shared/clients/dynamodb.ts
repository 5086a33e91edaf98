import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runtime } from '../config/runtime.ts';
import { tracer } from '../powertools/tracer.ts';

function localClientConfig() {
  const endpoint = runtime.dynamoEndpoint;
  if (endpoint === undefined) return {};
  return {
    endpoint,
    region: process.env.AWS_REGION ?? 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}

/** The one DynamoDB client of a function, traced, reused across invocations. */
export const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({ ...localClientConfig() }));

export const documentClient = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});
