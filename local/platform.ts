import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_MANAGEMENT_SECRET_VARIABLE } from '../shared/clients/api-gateway.ts';
import { useTopicPublisher } from '../shared/clients/sns.ts';
import { startApiServer } from './api-server.ts';
import type { LocalApi, LocalApiOptions } from './api-server.ts';
import { ensureTable, startDynamo } from './dynamodb.ts';
import type { LocalDynamo } from './dynamodb.ts';
import { LOCAL_TABLE_NAME, applyLocalEnvironment } from './environment.ts';
import { freePort } from './processes.ts';
import { startSes } from './ses.ts';
import { startS3 } from './s3.ts';
import type { LocalS3 } from './s3.ts';
import type { LocalSes } from './ses.ts';
import { LocalTopic } from './sns.ts';
import { installLocalAuditQueue } from './audit-queue.ts';
import type { LocalAuditQueue } from './audit-queue.ts';
import type { LocalSecrets } from './data-dir.ts';
import { startSts } from './sts.ts';
import type { LocalSts } from './sts.ts';

export interface PlatformOptions {
  /** Where DynamoDB Local keeps its file; in memory when absent. */
  dynamoDataDir?: string;
  /** Where the local S3 server keeps the export bucket's objects; a temporary folder when absent. */
  s3DataDir?: string;
  s3Port?: number;
  apiPort?: number;
  sesPort?: number;
  dynamoPort?: number;
  operatorToken: string;
  /** The secrets the data was indexed and its links signed with. */
  secrets: LocalSecrets;
  /**
   * The API's access log: one line per request (`npm start` prints them).
   *
   * @default - none
   */
  logRequest?: LocalApiOptions['logRequest'];
}

/** A folder for the local S3's objects that goes when the platform stops. */
function temporaryS3Dir(started: { stop(): Promise<void> }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'skrbnik-s3-'));
  started.push({ stop: async () => rmSync(dir, { recursive: true, force: true }) });
  return dir;
}

export interface Platform {
  api: LocalApi;
  dynamo: LocalDynamo;
  ses: LocalSes;
  s3: LocalS3;
  topic: LocalTopic;
  auditQueue: LocalAuditQueue;
  /** The STS stand-in that vends tenant credentials (TEN-3). */
  sts: LocalSts;
  tableName: string;
  /** This run's secret for the management API (`npm run job` signs its flushes with it too). */
  managementSecret: string;
  stop(): Promise<void>;
}

/**
 * Brings up the product on one machine with real parts: DynamoDB Local, the local SES, the local
 * notice topic, the STS stand-in that vends tenant credentials and the API server in front of the
 * deployed handler modules. Whatever started is
 * stopped again if a later part fails, and by `stop()`.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
  };
  try {
    const [dynamo, ses, s3] = await Promise.all([
      startDynamo({ ...(options.dynamoDataDir ? { dataDir: options.dynamoDataDir } : {}), ...(options.dynamoPort ? { port: options.dynamoPort } : {}) }).then((d) => {
        started.push(d);
        return d;
      }),
      startSes(options.sesPort ? { port: options.sesPort } : {}).then((s) => {
        started.push(s);
        return s;
      }),
      startS3({ dataDir: options.s3DataDir ?? temporaryS3Dir(started), ...(options.s3Port ? { port: options.s3Port } : {}) }).then((s) => {
        started.push(s);
        return s;
      }),
    ]);
    const apiPort = options.apiPort ?? (await freePort());
    const sts = await startSts();
    started.push(sts);
    applyLocalEnvironment({
      stsEndpoint: sts.endpoint,
      dynamoEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      tableName: LOCAL_TABLE_NAME,
      secrets: options.secrets,
      s3Endpoint: s3.endpoint,
      exportBucket: s3.bucket,
    });
    // The credentials of the functions that flush the authorizer cache: a secret of this run.
    const managementSecret = randomBytes(32).toString('base64url');
    process.env[LOCAL_MANAGEMENT_SECRET_VARIABLE] = managementSecret;
    await ensureTable(dynamo.endpoint, LOCAL_TABLE_NAME);
    const topic = new LocalTopic();
    useTopicPublisher(topic);
    const auditQueue = await installLocalAuditQueue();
    const api = await startApiServer({ port: apiPort, operatorToken: options.operatorToken, managementSecret, ...(options.logRequest ? { logRequest: options.logRequest } : {}) });
    started.push(api);
    started.push({ stop: () => auditQueue.drain() });
    return { api, dynamo, ses, s3, topic, auditQueue, sts, tableName: LOCAL_TABLE_NAME, managementSecret, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
