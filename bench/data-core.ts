import { PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from '../local/dynamodb.ts';
import type { Platform } from '../local/platform.ts';
import { newId } from '../shared/ids.ts';
import { httpClient } from './http-client.ts';
import { countRequests } from './request-counter.ts';
import { round } from './stats.ts';

const CAPTURES = 4000;
const WORKERS = 8;
const SUBJECTS = 1000;

export interface CaptureFigure {
  captures: number;
  workers: number;
  apiPerSecond: number;
  rawPerSecond: number;
  /** The API's own transaction, sent raw: what DynamoDB Local makes of it without the API. */
  rawTransactionPerSecond: number;
  ratio: number;
  requestsPerCapture: number;
}

export interface ListFigure {
  subjects: number;
  pageSize: number;
  pages: number;
  requests: number;
  ms: number;
}

async function inParallel(total: number, workers: number, run: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) await run(next++);
    }),
  );
  return performance.now() - start;
}

/**
 * Capture through the API (authorizer cache, validation, one transaction: subject check, entry,
 * audit entry) against raw PutItem of the same entries, both with the same concurrency.
 */
export async function measureCapture(platform: Platform, tenant: { tenantId: string; apiKey: string }): Promise<CaptureFigure> {
  const client = httpClient(platform.api.url, WORKERS);
  const auth = { Authorization: `Bearer ${tenant.apiKey}` };
  const created = await client.call('POST', '/v1/subjects', auth, {
    category: 'employee',
    endUser: true,
    attributeSets: [{ name: 'identity', purpose: 'time tracking', legalBasis: 'contract', attributes: { firstName: 'Bench' } }],
  });
  const subjectId = (JSON.parse(created.body) as { id: string }).id;
  const path = `/v1/subjects/${subjectId}/time-entries`;
  const capture = async (i: number) => {
    const reply = await client.call('POST', path, auth, { type: 'clock-in', at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), deviceId: 'bench' });
    if (reply.status !== 201) throw new Error(`capture answered ${reply.status}: ${reply.body}`);
  };
  await inParallel(200, WORKERS, capture);
  let apiMs = 0;
  const requests = await countRequests(async () => {
    apiMs = await inParallel(CAPTURES, WORKERS, (i) => capture(i + 1000));
  });
  client.close();

  const raw = localDynamoClient(platform.dynamo.endpoint);
  const put = (i: number) =>
    raw
      .send(
        new PutItemCommand({
          TableName: platform.tableName,
          Item: {
            pk: { S: `BENCH#RAW#${subjectId}` },
            sk: { S: `${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()}#${newId(new Date())}` },
            type: { S: 'time-entry' },
            entryType: { S: 'clock-in' },
            kind: { S: 'work' },
            deviceId: { S: 'bench' },
          },
        }),
      )
      .then(() => undefined);
  await inParallel(200, WORKERS, put);
  const rawMs = await inParallel(CAPTURES, WORKERS, put);
  const key = (i: number) => ({ S: `${new Date(Date.UTC(2027, 0, 1) + i * 60_000).toISOString()}#${newId(new Date())}` });
  const transaction = (i: number) =>
    raw
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: platform.tableName,
                Key: { pk: { S: `T#${tenant.tenantId}#SUBJ#${subjectId}` }, sk: { S: 'SUBJECT' } },
                // The same check as shared/store/time-entries.ts makes.
                ConditionExpression: '#type = :subject AND attribute_not_exists(restriction)',
                ExpressionAttributeNames: { '#type': 'type' },
                ExpressionAttributeValues: { ':subject': { S: 'subject' } },
              },
            },
            { Put: { TableName: platform.tableName, Item: { pk: { S: `BENCH#TX#${subjectId}` }, sk: key(i), type: { S: 'time-entry' } } } },
            { Put: { TableName: platform.tableName, Item: { pk: { S: `BENCH#AUDIT#${subjectId}` }, sk: key(i), type: { S: 'audit' } } } },
          ],
        }),
      )
      .then(() => undefined);
  await inParallel(200, WORKERS, transaction);
  const transactionMs = await inParallel(CAPTURES, WORKERS, transaction);
  raw.destroy();
  const apiPerSecond = CAPTURES / (apiMs / 1000);
  const rawPerSecond = CAPTURES / (rawMs / 1000);
  return {
    captures: CAPTURES,
    workers: WORKERS,
    apiPerSecond: round(apiPerSecond, 0),
    rawPerSecond: round(rawPerSecond, 0),
    rawTransactionPerSecond: round(CAPTURES / (transactionMs / 1000), 0),
    ratio: round(apiPerSecond / rawPerSecond),
    requestsPerCapture: round(requests / CAPTURES),
  };
}

/** Lists 1,000 subjects through the API, 100 per page: pages, DynamoDB requests and time. */
export async function measureList(platform: Platform, tenant: { apiKey: string }): Promise<ListFigure> {
  const client = httpClient(platform.api.url, WORKERS);
  const auth = { Authorization: `Bearer ${tenant.apiKey}` };
  await inParallel(SUBJECTS, WORKERS, async (i) => {
    const reply = await client.call('POST', '/v1/subjects', auth, {
      category: 'cashier',
      attributeSets: [{ name: 'identity', purpose: 'till access', legalBasis: 'contract', attributes: { firstName: `Cashier ${i}` } }],
    });
    if (reply.status !== 201) throw new Error(`create answered ${reply.status}`);
  });
  let pages = 0;
  let seen = 0;
  const start = performance.now();
  const requests = await countRequests(async () => {
    let cursor: string | undefined;
    do {
      const reply = await client.call('GET', `/v1/subjects?category=cashier&limit=100${cursor ? `&cursor=${cursor}` : ''}`, auth);
      const page = JSON.parse(reply.body) as { items: unknown[]; nextCursor?: string };
      seen += page.items.length;
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
  });
  const ms = performance.now() - start;
  client.close();
  if (seen !== SUBJECTS) throw new Error(`listed ${seen} of ${SUBJECTS} subjects`);
  return { subjects: SUBJECTS, pageSize: 100, pages, requests, ms: round(ms, 0) };
}
