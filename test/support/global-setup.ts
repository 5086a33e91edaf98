import type { TestProject } from 'vitest/node';
import { startDynamo } from '../../local/dynamodb.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3 } from '../../local/s3.ts';
import { startSes } from '../../local/ses.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
    s3Endpoint: string;
    exportBucket: string;
  }
}

/**
 * One DynamoDB Local (in memory), one local SES and one local S3 (in a temporary folder) for the
 * whole run; each file gets its own table, and its tenants' own prefixes in the one bucket.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const s3DataDir = mkdtempSync(join(tmpdir(), 'skrbnik-s3-'));
  const [dynamo, ses, s3] = await Promise.all([startDynamo(), startSes(), startS3({ dataDir: s3DataDir })]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('exportBucket', s3.bucket);
  return async () => {
    await Promise.all([dynamo.stop(), ses.stop(), s3.stop()]);
    rmSync(s3DataDir, { recursive: true, force: true });
  };
}
