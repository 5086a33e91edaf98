import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The floor the function bundles are measured against (issue "Lean functions"): a handler that
 * makes one GetItem with the DynamoDB document client and the Powertools Logger, bundled and
 * minified exactly as the stack bundles the functions. Nothing of ours is in it.
 */
const logger = new Logger({ serviceName: 'floor' });
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { id: string }) => {
  const { Item } = await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.id, sk: event.id } }));
  logger.info('read', { found: Item !== undefined });
  return Item;
};
