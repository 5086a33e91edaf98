import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../local/scheduler.ts';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { addMonths, localDateOf } from '../../shared/domain/billing/calendar.ts';
import { runtime } from '../../shared/config/runtime.ts';
import { keys } from '../../shared/store/keys.ts';
import { subjectRepository } from '../../shared/store/subjects.ts';
import { TABLE } from '../../shared/store/table.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { commitErasureOnly, newSubject } from '../support/subjects.ts';

const ctx = useApi();

describe('erasure-completion job', () => {
  it('DSR-6 SEC-5 finishes an erasure that crashed after its tombstone committed, once', async () => {
    const { key, tenantId } = await newTenantWithKey(ctx.api, ['admin', 'capture']);
    const subject = await newSubject(ctx.api, key);
    for (let i = 0; i < 30; i++) {
      await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/time-entries`, { token: key, body: { type: 'clock-in', at: new Date(Date.now() - (60 - i) * 60_000).toISOString() } });
    }
    // The erasure's transaction commits, then the function dies before deleting the remains.
    await commitErasureOnly(tenantId, subject.id);
    const remains = () => allItems().then((items) => items.filter((i) => String(i.pk).includes(subject.id) && i.sk !== 'SUBJECT'));
    expect((await remains()).length).toBe(31);
    expect((await request(ctx.api, 'GET', `/v1/subjects/${subject.id}`, { token: key })).status).toBe(410);
    // Until the remains are gone, no route shows them.
    for (const path of [`?asOf=${encodeURIComponent(subject.createdAt)}`, '/time-entries', '/history']) {
      expect((await request(ctx.api, 'GET', `/v1/subjects/${subject.id}${path}`, { token: key })).status).toBe(410);
    }

    const first = await runJob('erasure-completion', new Date());
    expect(first.subjects).toBeGreaterThanOrEqual(1);
    expect(await remains()).toEqual([]);
    expect(await subjectRepository(TenantScope.named(tenantId)).get(subject.id)).toMatchObject({ kind: 'tombstone', erasing: false });
    // Unlisted as erasing, listed as erased: a later deletion of the tenant still finds it (DUN-5).
    const tombstone = (await allItems()).find((i) => i.pk === `T#${tenantId}#SUBJ#${subject.id}`);
    expect(tombstone).toMatchObject({ type: 'subject-tombstone', gsi1pk: `T#${tenantId}#ERASED` });
    const rerun = await runJob('erasure-completion', new Date());
    expect(rerun.subjects).toBe(0);
  });
});

describe('an erasure that cannot be finished', () => {
  it('DSR-6 RET-2 holds up neither the other erasures nor the purge: it is counted, the run fails at the end, the rest is done', async () => {
    const { key, tenantId } = await newTenantWithKey(ctx.api, ['admin']);
    const subject = await newSubject(ctx.api, key);
    await commitErasureOnly(tenantId, subject.id);
    // Listed as unfinished, but naming no tenant a key can be made for: finishing it always fails.
    const index = TABLE.indexes.byType;
    const broken = { pk: 'TEST#UNFINISHABLE', sk: 'SUBJECT' };
    await documentClient.send(
      new PutCommand({ TableName: runtime.tableName, Item: { ...broken, type: 'subject-tombstone', [index.partitionKey]: keys.erasingList, [index.sortKey]: `${new Date().toISOString()}#broken`, tenantId: 'not-a-tenant', id: 'not-a-subject' } }),
    );
    try {
      await expect(runJob('erasure-completion', new Date())).rejects.toThrow(/1 erasure\(s\) not finished/);
      expect((await allItems()).filter((i) => String(i.pk).includes(subject.id) && i.sk !== 'SUBJECT')).toEqual([]);

      // The purge finishes what it can before its tenants, and purges them all the same.
      const ended = { name: 'former', purpose: 'former contract', legalBasis: 'contract', basisEndedOn: addMonths(localDateOf(new Date()), -10 * 12), attributes: { note: 'old' } };
      const expired = await newSubject(ctx.api, key, { attributeSets: [ended] });
      await expect(runJob('purge', new Date(Date.now() + 86_400_000))).rejects.toThrow(/1 erasure\(s\) failed/);
      expect((await request(ctx.api, 'GET', `/v1/subjects/${expired.id}`, { token: key })).status).toBe(410);
    } finally {
      await documentClient.send(new DeleteCommand({ TableName: runtime.tableName, Key: broken }));
    }
  });
});
