import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startDynamo } from '../../local/dynamodb.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { newTenantWithKey, request, useApi } from '../support/api.ts';
import type { Reply } from '../support/api.ts';
import { subjectInput } from '../support/subjects.ts';

/*
 * obligation: SEC-5 — a database that stalls or is gone is answered 503 with Retry-After, fast,
 * and no write is lost or made twice. This file has a DynamoDB Local of its own, paused (SIGSTOP)
 * and resumed under the running API, so no other file's database is touched.
 */
let dynamo: LocalDynamo;
const paused = { on: false };

beforeAll(async () => {
  dynamo = await startDynamo();
  await ensureTable(dynamo.endpoint, process.env.TABLE_NAME!);
  // Read by the table clients when they are made, on this file's first request.
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
}, 60_000);
afterAll(async () => {
  if (paused.on) process.kill(dynamo.pid, 'SIGCONT');
  await dynamo.stop();
});

const ctx = useApi();

function pause(): void {
  process.kill(dynamo.pid, 'SIGSTOP');
  paused.on = true;
}
function resume(): void {
  process.kill(dynamo.pid, 'SIGCONT');
  paused.on = false;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - start) / 1000 };
}

describe('a stalled database', () => {
  /** Sends `call` with the database paused; it must be answered 503 problem+json with Retry-After within `seconds`. */
  async function unavailableWhilePaused(call: () => Promise<Reply>, seconds = 10): Promise<Reply> {
    pause();
    try {
      const { value: reply, seconds: took } = await timed(call);
      expect(reply.status).toBe(503);
      expect(reply.headers.get('content-type')).toBe('application/problem+json');
      expect(reply.body).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(took).toBeLessThan(seconds);
      return reply;
    } finally {
      resume();
    }
  }
  const listSubjects = (key: string) => request(ctx.api, 'GET', '/v1/subjects', { token: key });

  it('SEC-5 a read answers 503 problem+json with Retry-After within 10 s, and the same read succeeds once the database is back', async () => {
    const t = await newTenantWithKey(ctx.api);
    // A first call makes the tenant's client and its session, so the pause meets a warm path.
    expect((await listSubjects(t.key)).status).toBe(200);
    await unavailableWhilePaused(() => listSubjects(t.key));
    expect((await listSubjects(t.key)).status).toBe(200);
  }, 30_000);

  it('SEC-5 a key the authorizer cannot check for the stalled database is answered 503 with Retry-After, not 401', async () => {
    const t = await newTenantWithKey(ctx.api);
    await unavailableWhilePaused(() => listSubjects(t.key));
    // Not cached as a refusal: the same key works once the database is back.
    expect((await listSubjects(t.key)).status).toBe(200);
  }, 30_000);

  it('SEC-5 a write answers 503 saying its outcome is unknown; its retry with the same Idempotency-Key creates nothing twice', async () => {
    const t = await newTenantWithKey(ctx.api);
    expect((await listSubjects(t.key)).status).toBe(200);
    const headers = { 'Idempotency-Key': 'stalled-create-1' };
    const first = await unavailableWhilePaused(() => request(ctx.api, 'POST', '/v1/subjects', { token: t.key, body: subjectInput(), headers }));
    expect(first.body).toMatchObject({ outcome: 'unknown', detail: expect.stringContaining('same Idempotency-Key is safe') });
    // The stalled requests may still land once the database wakes: the retry must not add a second.
    const retry = await request(ctx.api, 'POST', '/v1/subjects', { token: t.key, body: subjectInput(), headers });
    expect(retry.status).toBe(201);
    const again = await request(ctx.api, 'POST', '/v1/subjects', { token: t.key, body: subjectInput(), headers });
    expect(again.body.id).toBe(retry.body.id);
    expect((await listSubjects(t.key)).body.items).toHaveLength(1);
  }, 30_000);

  it('SEC-5 a database that is gone answers 503 with Retry-After at once, not 500', async () => {
    const t = await newTenantWithKey(ctx.api);
    expect((await listSubjects(t.key)).status).toBe(200);
    await dynamo.stop();
    const { value: reply, seconds } = await timed(() => listSubjects(t.key));
    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).not.toBeNull();
    expect(seconds).toBeLessThan(5);
  }, 30_000);
});
