import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runtime } from '../config/runtime.ts';
import { clientConfig } from './endpoint.ts';

/** The one DynamoDB client of a function, reused across invocations. */
export const dynamodb = new DynamoDBClient(clientConfig(runtime.dynamoEndpoint));

export const documentClient = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});
