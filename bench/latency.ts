import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from '../local/dynamodb.ts';
import type { Platform } from '../local/platform.ts';
import { keys } from '../shared/store/keys.ts';
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

async function timed(times: number, run: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * An authenticated GET /v1/tenant through the local API (HTTP, authorizer with its cache, handler,
 * one GetItem) against a raw GetItem of the same item on the same DynamoDB Local.
 */
export async function measureLatency(platform: Platform, demo: { tenantId: string; apiKey: string }): Promise<LatencyFigure> {
  const url = `${platform.api.url}/v1/tenant`;
  const headers = { Authorization: `Bearer ${demo.apiKey}` };
  const get = async () => {
    const response = await fetch(url, { headers });
    if (response.status !== 200) throw new Error(`GET /v1/tenant answered ${response.status}`);
    await response.arrayBuffer();
  };
  const client = localDynamoClient(platform.dynamo.endpoint);
  const key = keys.tenantProfile(demo.tenantId);
  const raw = async () => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: platform.tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
    );
    if (!Item) throw new Error('raw GetItem found nothing');
  };
  await timed(WARM_UP, get);
  await timed(WARM_UP, raw);
  const before = platform.api.authorizerInvocations();
  const api = await timed(REQUESTS, get);
  const invocations = platform.api.authorizerInvocations() - before;
  const direct = await timed(REQUESTS, raw);
  client.destroy();
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
