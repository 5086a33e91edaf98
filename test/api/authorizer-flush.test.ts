import { APIGatewayClient, FlushStageAuthorizersCacheCommand } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { LOCAL_API_ID, LOCAL_STAGE } from '../../local/api-server.ts';
import { runJob } from '../../local/scheduler.ts';
import { LOCAL_MANAGEMENT_ACCESS_KEY_ID } from '../../shared/clients/api-gateway.ts';
import { owedFlushes } from '../../shared/store/authorizer-flushes.ts';
import { MANAGEMENT_SECRET, OPERATOR_TOKEN, newTenantWithKey, request, useApi } from '../support/api.ts';

const ctx = useApi();

/** A tenant with two admin keys: one to act with, one to revoke (its decision already cached). */
async function tenantWithSecondKey() {
  const { key, tenantId } = await newTenantWithKey(ctx.api);
  const second = await request(ctx.api, 'POST', '/v1/api-keys', { token: key, body: { name: 'device', scopes: ['admin'] } });
  expect(second.status).toBe(201);
  expect((await request(ctx.api, 'GET', '/v1/tenant', { token: second.body.secret })).status).toBe(200);
  return { key, tenantId, secondId: second.body.id as string, second: second.body.secret as string };
}

const owedOf = async (tenantId: string) => (await owedFlushes.all()).filter((o) => o.tenantId === tenantId);

/** API Gateway's management API as a caller with these credentials reaches it (no retries). */
const managementClient = (secretAccessKey: string) =>
  new APIGatewayClient({ endpoint: ctx.api.url, region: 'eu-central-1', credentials: { accessKeyId: LOCAL_MANAGEMENT_ACCESS_KEY_ID, secretAccessKey }, maxAttempts: 1 });
const flushWith = (secretAccessKey: string) => managementClient(secretAccessKey).send(new FlushStageAuthorizersCacheCommand({ restApiId: LOCAL_API_ID, stageName: LOCAL_STAGE }));

describe('a flush of the authorizer cache that fails', () => {
  it('TEN-2 a revocation whose flush failed is flushed by the next flushing request: until then the cached key works, then it answers 401', async () => {
    const { key, tenantId, secondId, second } = await tenantWithSecondKey();
    const management = ctx.api.managementApi;
    management.failing = true;
    try {
      const flushes = management.flushes();
      // The revocation is recorded and answered; the flush after it fails (after the SDK's retries).
      const revoked = await request(ctx.api, 'DELETE', `/v1/api-keys/${secondId}`, { token: key });
      expect(revoked.status).toBe(200);
      expect(revoked.body.status).toBe('revoked');
      expect(management.flushes()).toBe(flushes);
      // The authorizer's cached decision still lets the revoked key in, and the flush is owed.
      expect((await request(ctx.api, 'GET', '/v1/tenant', { token: second })).status).toBe(200);
      expect(await owedOf(tenantId)).toHaveLength(1);

      management.failing = false;
      // Nothing flushes of itself: a route of another function leaves the cache as it is.
      expect((await request(ctx.api, 'GET', '/v1/tenant', { token: second })).status).toBe(200);
      expect(management.flushes()).toBe(flushes);
      // The next invocation of a function that flushes pays what is owed before anything else.
      expect((await request(ctx.api, 'GET', '/v1/api-keys', { token: key })).status).toBe(200);
      expect(management.flushes()).toBe(flushes + 1);
      expect(await owedOf(tenantId)).toEqual([]);
      expect((await request(ctx.api, 'GET', '/v1/tenant', { token: second })).status).toBe(401);
    } finally {
      management.failing = false;
    }
  });

  it('TEN-2 a flush still owed when a flushing job runs is paid by it; while the flush fails the job fails, so the scheduler retries it', async () => {
    const { key, tenantId, secondId, second } = await tenantWithSecondKey();
    const management = ctx.api.managementApi;
    management.failing = true;
    try {
      expect((await request(ctx.api, 'DELETE', `/v1/api-keys/${secondId}`, { token: key })).status).toBe(200);
      await expect(runJob('dormancy', new Date())).rejects.toThrow(/flush\(es\) owed/);
      expect(await owedOf(tenantId)).toHaveLength(1);
      expect((await request(ctx.api, 'GET', '/v1/tenant', { token: second })).status).toBe(200);

      management.failing = false;
      expect(await runJob('dormancy', new Date())).toMatchObject({ flushesOwed: 0, failed: 0 });
      expect(await owedOf(tenantId)).toEqual([]);
      expect((await request(ctx.api, 'GET', '/v1/tenant', { token: second })).status).toBe(401);
    } finally {
      management.failing = false;
    }
  });
});

describe('the local stand-in for API Gateway’s management API', () => {
  it('TEN-2 flushes only when signed (SigV4) with the credentials the platform gives the flushing functions; anything else is a 403 and flushes nothing', async () => {
    const { key } = await newTenantWithKey(ctx.api);
    const url = `${ctx.api.url}/restapis/${LOCAL_API_ID}/stages/${LOCAL_STAGE}/cache/authorizers`;
    const cached = async () => {
      const before = ctx.api.authorizerInvocations();
      expect((await request(ctx.api, 'GET', '/v1/tenant', { token: key })).status).toBe(200);
      return ctx.api.authorizerInvocations() === before;
    };
    await cached();
    const flushes = ctx.api.managementApi.flushes();

    const unsigned = await fetch(url, { method: 'DELETE' });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    // The operator's token is not the flushing functions' credential, nor is a tenant's key.
    for (const token of [OPERATOR_TOKEN, key]) expect((await fetch(url, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } })).status).toBe(403);
    // Signed as the SDK signs, with another secret: the signature does not match.
    await expect(flushWith('not-the-platform-secret')).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    expect(ctx.api.managementApi.flushes()).toBe(flushes);
    expect(await cached()).toBe(true);

    await flushWith(MANAGEMENT_SECRET);
    expect(ctx.api.managementApi.flushes()).toBe(flushes + 1);
    expect(await cached()).toBe(false);
  });
});
