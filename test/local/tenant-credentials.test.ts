import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { BatchGetCommand, GetCommand, QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asTenant, documentClient, withinPartitions } from '../../shared/clients/dynamodb.ts';
import { newId } from '../../shared/ids.ts';
import { keys } from '../../shared/store/keys.ts';
import { TABLE } from '../../shared/store/table.ts';
import { LOCAL_TENANT_DATA_ROLE_ARN, startSts } from '../../local/sts.ts';
import type { LocalSts } from '../../local/sts.ts';

/*
 * obligation: TEN-3 — the token vending path on the local platform: the same code as in the cloud
 * assumes the tenant data role per tenant through the STS stand-in, and every tenant client keeps
 * to the tenant's partitions in code before a request leaves.
 */
let sts: LocalSts;
const table = () => process.env.TABLE_NAME!;
const A = newId(new Date());
const B = newId(new Date());

beforeAll(async () => {
  // This file's own stand-in, read before any tenant client exists in this file's modules.
  sts = await startSts();
  process.env.STS_ENDPOINT = sts.endpoint;
  process.env.TENANT_DATA_ROLE_ARN = LOCAL_TENANT_DATA_ROLE_ARN;
});
afterAll(() => sts.stop());

const getOwn = (tenantId: string) => documentClient.send(new GetCommand({ TableName: table(), Key: keys.tenantProfile(tenantId) }));

describe('tenant credentials', () => {
  it("TEN-3 a tenant's requests assume its role once per session, tagged with its id; another tenant gets a session of its own", async () => {
    for (let i = 0; i < 3; i++) await asTenant(A, () => getOwn(A));
    expect(sts.sessions().get(A)).toBe(1);
    await asTenant(B, () => getOwn(B));
    expect(sts.sessions().get(B)).toBe(1);
    expect(sts.sessions().get(A)).toBe(1);
  });

  it("TEN-3 a tenant's client refuses, before sending, anything beyond its partitions: another tenant, an operator list, a scan, a mixed transaction or batch", async () => {
    const refusals: (() => Promise<unknown>)[] = [
      () => getOwn(B),
      () => documentClient.send(new GetCommand({ TableName: table(), Key: { pk: `T#${A}x`, sk: 'TENANT' } })),
      () =>
        documentClient.send(
          new QueryCommand({ TableName: table(), IndexName: TABLE.indexes.byType.name, KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': TABLE.indexes.byType.partitionKey }, ExpressionAttributeValues: { ':pk': keys.tenantListPartition } }),
        ),
      () => documentClient.send(new ScanCommand({ TableName: table() })),
      () =>
        documentClient.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table(), Item: { ...keys.tenantProfile(A), probe: 1 } } },
              { Put: { TableName: table(), Item: { ...keys.tenantProfile(B), probe: 1 } } },
            ],
          }),
        ),
      () => documentClient.send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: [keys.tenantProfile(A), keys.tenantProfile(B)] } } })),
    ];
    for (const refused of refusals) await expect(asTenant(A, refused)).rejects.toThrow(/beyond the partitions/);
    // Nothing was written: the mixed transaction never left.
    expect((await getOwn(A)).Item).toBeUndefined();
    // Its own partitions, by key and by index, go through.
    await expect(asTenant(A, () => getOwn(A))).resolves.toBeDefined();
    await expect(
      asTenant(A, () =>
        documentClient.send(
          new QueryCommand({ TableName: table(), IndexName: TABLE.indexes.byType.name, KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': TABLE.indexes.byType.partitionKey }, ExpressionAttributeValues: { ':pk': keys.subjectList(A) } }),
        ),
      ),
    ).resolves.toBeDefined();
  });

  it('TEN-3 a public request that names no tenant reaches nothing', async () => {
    await expect(withinPartitions([], () => getOwn(A))).rejects.toThrow(/beyond the partitions/);
  });

  it('TEN-3 the STS stand-in refuses what the trust policy refuses: another role, no tenant tag, two tags, a wildcard', async () => {
    const client = new STSClient({ endpoint: sts.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const assume = (input: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]>) =>
      client.send(new AssumeRoleCommand({ RoleArn: LOCAL_TENANT_DATA_ROLE_ARN, RoleSessionName: 'probe', DurationSeconds: 900, Tags: [{ Key: 'tenant', Value: A }], ...input }));
    await expect(assume({})).resolves.toMatchObject({ Credentials: { AccessKeyId: expect.stringMatching(/^ASIA[A-Z0-9]{16}$/) } });
    for (const refused of [
      { RoleArn: 'arn:aws:iam::000000000000:role/other' },
      { Tags: [] },
      { Tags: [{ Key: 'tenant', Value: A }, { Key: 'other', Value: 'x' }] },
      { Tags: [{ Key: 'tenant', Value: '*' }] },
    ]) {
      await expect(assume(refused), JSON.stringify(refused)).rejects.toMatchObject({ name: 'AccessDenied' });
    }
  });
});
