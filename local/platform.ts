import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
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
import { Supervisor } from './supervisor.ts';
import type { Running, Supervised, SupervisionOptions } from './supervisor.ts';

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
  /**
   * obligation: SEC-5 — restart a part that crashes (DynamoDB Local, SES, S3, the API server, and
   * what `keepRunning` is given) on the same port and data folder, with backoff (local/supervisor.ts);
   * when one cannot come back, stop everything and then call `giveUp`.
   *
   * @default - unsupervised: a crashed part stays down (tests that break parts on purpose)
   */
  supervision?: SupervisionOptions;
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
  /**
   * Starts one more part under the platform's supervision (`npm start`'s scheduler), stopped with
   * the platform; unsupervised platforms just start it.
   */
  keepRunning<T extends Running>(name: string, start: () => Promise<T>, describe: (part: T) => string): Promise<Supervised<T>>;
  stop(): Promise<void>;
}

/** Resolves when an API server stops listening without being asked; a server error closes it. */
function apiEnded(server: Server): Promise<string> {
  return new Promise((resolve) => {
    const onClose = () => {
      server.off('error', onError);
      resolve('stopped listening');
    };
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('close', onClose);
      resolve(`failed (${error.code ?? error.message})`);
      server.closeAllConnections();
      server.close();
    };
    server.once('close', onClose);
    server.once('error', onError);
  });
}

/** Has a closed API server listen again on its port: same routes, authorizer cache and clock. */
function listenAgain(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * A supervised child as the platform hands it out: its fixed parts, and the pid and exit of
 * whichever instance runs now (a restart gives a new pid).
 */
function followRestarts<Fixed extends object>(
  part: { current(): { pid: number; exited: Promise<string> }; stop(): Promise<void> },
  fixed: Fixed,
): Fixed & { readonly pid: number; readonly exited: Promise<string>; stop(): Promise<void> } {
  return Object.defineProperties({ ...fixed, stop: () => part.stop() }, {
    pid: { get: () => part.current().pid, enumerable: true },
    exited: { get: () => part.current().exited, enumerable: true },
  }) as Fixed & { readonly pid: number; readonly exited: Promise<string>; stop(): Promise<void> };
}

/**
 * Brings up the product on one machine with real parts: DynamoDB Local, the local SES, the local
 * notice topic, the STS stand-in that vends tenant credentials and the API server in front of the
 * deployed handler modules. Whatever started is
 * stopped again if a later part fails, and by `stop()`.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const started: { stop(): Promise<void> }[] = [];
  let stopped: Promise<void> | undefined;
  // A deliberate stop halts supervision first: a part that ends now is not restarted.
  const stopAll = () =>
    (stopped ??= (async () => {
      supervisor?.halt();
      for (const part of started.reverse()) await part.stop().catch(() => undefined);
    })());
  const supervisor =
    options.supervision &&
    new Supervisor({
      ...options.supervision,
      giveUp: (error) => void stopAll().then(() => options.supervision!.giveUp(error)),
    });
  // Unsupervised, a part is just started; either way the platform stops it.
  const keepRunning = async <T extends Running>(name: string, start: () => Promise<T>, describe: (part: T) => string, afterRestart?: (part: T) => Promise<void>) => {
    let part: Supervised<T>;
    if (supervisor) part = await supervisor.supervise(name, start, describe, afterRestart);
    else {
      const only = await start();
      part = { current: () => only, stop: () => only.stop() };
    }
    started.push(part);
    return part;
  };
  try {
    // Ports are fixed up front: a restarted part comes back where its clients look for it.
    const [dynamoPort, sesPort, s3Port] = await Promise.all([options.dynamoPort ?? freePort(), options.sesPort ?? freePort(), options.s3Port ?? freePort()]);
    const s3DataDir = options.s3DataDir ?? temporaryS3Dir(started);
    // Settled, not raced: when one fails to start, the others are in `started` before it is stopped.
    const starting = [
      keepRunning(
        'DynamoDB Local',
        () => startDynamo({ ...(options.dynamoDataDir ? { dataDir: options.dynamoDataDir } : {}), port: dynamoPort }),
        (d) => `pid ${d.pid}`,
        // An in-memory database comes back empty: the table again (the data is gone).
        (d) => ensureTable(d.endpoint, LOCAL_TABLE_NAME),
      ),
      keepRunning('local SES', () => startSes({ port: sesPort }), (s) => `pid ${s.pid}`),
      keepRunning('local S3', () => startS3({ dataDir: s3DataDir, port: s3Port }), (s) => `pid ${s.pid}`),
    ] as const;
    for (const result of await Promise.allSettled(starting)) if (result.status === 'rejected') throw result.reason;
    const [dynamoPart, sesPart, s3Part] = await Promise.all(starting);
    // What the platform hands out follows the running instance (a restart gives a new pid).
    const dynamo: LocalDynamo = followRestarts(dynamoPart, { endpoint: dynamoPart.current().endpoint });
    const ses: LocalSes = followRestarts(sesPart, { endpoint: sesPart.current().endpoint });
    const s3: LocalS3 = followRestarts(s3Part, { endpoint: s3Part.current().endpoint, bucket: s3Part.current().bucket });
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
    started.push({ stop: () => auditQueue.drain() });
    // The API server runs in this process: it "crashes" when it stops listening unasked (or its
    // server reports an error); it comes back by listening again on the same port.
    let api: LocalApi | undefined;
    await keepRunning(
      'API server',
      async () => {
        if (!api) api = await startApiServer({ port: apiPort, operatorToken: options.operatorToken, managementSecret, ...(options.logRequest ? { logRequest: options.logRequest } : {}) });
        else await listenAgain(api.server, apiPort);
        return { exited: apiEnded(api.server), stop: api.stop };
      },
      () => api!.url,
    );
    return { api: api!, dynamo, ses, s3, topic, auditQueue, sts, tableName: LOCAL_TABLE_NAME, managementSecret, keepRunning, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
