import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient } from '../local/dynamodb.ts';
import type { Platform } from '../local/platform.ts';
import { asTenant, documentClient } from '../shared/clients/dynamodb.ts';
import { newId } from '../shared/ids.ts';
import { keys } from '../shared/store/keys.ts';
import { percentile, round } from './stats.ts';

export interface TenantCredentialsFigure {
  firstCalls: number;
  cachedCalls: number;
  warmUp: number;
  firstP50: number;
  firstP99: number;
  firstRawP50: number;
  firstRawP99: number;
  cachedP50: number;
  cachedP99: number;
  cachedRawP50: number;
  cachedRawP99: number;
  sessions: number;
  cachedSessions: number;
}

const FIRST_CALLS = 200;
const CACHED_CALLS = 2000;
const WARM_UP = 200;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/**
 * obligation: TEN-3 — what the tenant data role costs a request: a tenant's first GetItem in a
 * container (AssumeRole through the STS stand-in, a new table client, its first connection)
 * against a new plain client's first GetItem; and a GetItem through the tenant's cached client
 * (the in-code partition check included) against the function's own client. One of each in turn.
 */
export async function measureTenantCredentials(platform: Platform): Promise<TenantCredentialsFigure> {
  const table = platform.tableName;
  const rawGet = (client: ReturnType<typeof localDynamoClient>, tenantId: string) =>
    client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: keys.tenantPartition(tenantId) }, sk: { S: 'TENANT' } } }));
  const tenantGet = (tenantId: string) => asTenant(tenantId, () => documentClient.send(new GetCommand({ TableName: table, Key: keys.tenantProfile(tenantId) })));
  const sessionCount = () => [...platform.sts.sessions().values()].reduce((a, b) => a + b, 0);
  const sessionsBefore = sessionCount();

  const first: number[] = [];
  const firstRaw: number[] = [];
  for (let i = 0; i < FIRST_CALLS; i++) {
    const tenantId = newId(new Date());
    first.push(await timed(() => tenantGet(tenantId)));
    const client = localDynamoClient(platform.dynamo.endpoint);
    firstRaw.push(await timed(() => rawGet(client, tenantId)));
    client.destroy();
  }
  const sessions = sessionCount() - sessionsBefore;

  const tenantId = newId(new Date());
  const own = localDynamoClient(platform.dynamo.endpoint);
  const cached: number[] = [];
  const cachedRaw: number[] = [];
  for (let i = 0; i < WARM_UP + CACHED_CALLS; i++) {
    const a = await timed(() => tenantGet(tenantId));
    const b = await timed(() => rawGet(own, tenantId));
    if (i >= WARM_UP) {
      cached.push(a);
      cachedRaw.push(b);
    }
  }
  own.destroy();
  const cachedSessions = sessionCount() - sessionsBefore - sessions;
  const p = (samples: number[], q: number) => round(percentile(samples, q));
  return {
    firstCalls: FIRST_CALLS,
    cachedCalls: CACHED_CALLS,
    warmUp: WARM_UP,
    firstP50: p(first, 50),
    firstP99: p(first, 99),
    firstRawP50: p(firstRaw, 50),
    firstRawP99: p(firstRaw, 99),
    cachedP50: p(cached, 50),
    cachedP99: p(cached, 99),
    cachedRawP50: p(cachedRaw, 50),
    cachedRawP99: p(cachedRaw, 99),
    sessions,
    cachedSessions,
  };
}
