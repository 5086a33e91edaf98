import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from '../local/dynamodb.ts';
import type { Platform } from '../local/platform.ts';
import { keys } from '../shared/store/keys.ts';
import { httpClient } from './http-client.ts';
import { percentile, round } from './stats.ts';

export interface LatencyFigure {
  requests: number;
  apiP50: number;
  apiP99: number;
  rawP50: number;
  rawP99: number;
  ratioP50: number;
  authorizerInvocations: number;
}

const REQUESTS = 2000;
const WARM_UP = 200;

/** Alternates the two calls, so both meet the same server state (JIT, GC, caches). */
async function interleaved(times: number, a: () => Promise<void>, b: () => Promise<void>): Promise<[number[], number[]]> {
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let i = 0; i < times; i++) {
    let start = performance.now();
    await a();
    samplesA.push(performance.now() - start);
    start = performance.now();
    await b();
    samplesB.push(performance.now() - start);
  }
  return [samplesA, samplesB];
}

/**
 * An authenticated GET /v1/tenant through the local API (HTTP, authorizer with its cache, handler,
 * one GetItem) against a raw GetItem of the same item on the same DynamoDB Local.
 */
export async function measureLatency(platform: Platform, demo: { tenantId: string; apiKey: string }): Promise<LatencyFigure> {
  const http = httpClient(platform.api.url, 1);
  const headers = { Authorization: `Bearer ${demo.apiKey}` };
  const get = async () => {
    const reply = await http.call('GET', '/v1/tenant', headers);
    if (reply.status !== 200) throw new Error(`GET /v1/tenant answered ${reply.status}`);
  };
  const client = localDynamoClient(platform.dynamo.endpoint);
  const key = keys.tenantProfile(demo.tenantId);
  const raw = async () => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: platform.tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
    );
    if (!Item) throw new Error('raw GetItem found nothing');
  };
  // Read audits wait in the queue meanwhile: in the cloud another function writes them, on
  // other CPUs, so their writes must not slow the measured path here.
  platform.auditQueue.pause();
  await interleaved(WARM_UP, get, raw);
  const before = platform.api.authorizerInvocations();
  const [api, direct] = await interleaved(REQUESTS, get, raw);
  const invocations = platform.api.authorizerInvocations() - before;
  platform.auditQueue.resume();
  await platform.auditQueue.drain();
  client.destroy();
  http.close();
  return {
    requests: REQUESTS,
    apiP50: round(percentile(api, 50)),
    apiP99: round(percentile(api, 99)),
    rawP50: round(percentile(direct, 50)),
    rawP99: round(percentile(direct, 99)),
    ratioP50: round(percentile(api, 50) / percentile(direct, 50)),
    authorizerInvocations: invocations,
  };
}
