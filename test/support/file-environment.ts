import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTable } from '../../local/dynamodb.ts';
import { applyLocalEnvironment } from '../../local/environment.ts';
import { freePort } from '../../local/processes.ts';

/**
 * Runs before each test file is imported: points the handler modules at the shared DynamoDB
 * Local and SES, with a table of the file's own so files never see each other's items.
 */
const tableName = `skrbnik-test-${randomBytes(4).toString('hex')}`;
const apiPort = await freePort();
applyLocalEnvironment({
  dynamoEndpoint: inject('dynamoEndpoint'),
  sesEndpoint: inject('sesEndpoint'),
  apiUrl: `http://127.0.0.1:${apiPort}`,
  tableName,
  blindIndexKey: randomBytes(32).toString('hex'),
  s3Endpoint: inject('s3Endpoint'),
  exportBucket: inject('exportBucket'),
});
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.TEST_API_PORT = String(apiPort);
await ensureTable(inject('dynamoEndpoint'), tableName);
