import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { newSecretKey } from '../../local/data-dir.ts';
import { ensureTable } from '../../local/dynamodb.ts';
import { applyLocalEnvironment } from '../../local/environment.ts';
import { freePort } from '../../local/processes.ts';
import { startSts } from '../../local/sts.ts';

/**
 * Runs before each test file is imported: points the handler modules at the shared DynamoDB
 * Local and SES, with a table of the file's own so files never see each other's items.
 */
const tableName = `skrbnik-test-${randomBytes(4).toString('hex')}`;
const apiPort = await freePort();
// The STS stand-in of this file: tenant table clients assume their role through it, as in the cloud.
const sts = await startSts();
applyLocalEnvironment({
  stsEndpoint: sts.endpoint,
  dynamoEndpoint: inject('dynamoEndpoint'),
  sesEndpoint: inject('sesEndpoint'),
  apiUrl: `http://127.0.0.1:${apiPort}`,
  tableName,
  secrets: { blindIndexKey: newSecretKey(), linkSigningKey: newSecretKey() },
  s3Endpoint: inject('s3Endpoint'),
  exportBucket: inject('exportBucket'),
});
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.TEST_API_PORT = String(apiPort);
await ensureTable(inject('dynamoEndpoint'), tableName);
