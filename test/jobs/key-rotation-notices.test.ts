import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../local/scheduler.ts';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { CLAIM_LEASE_MS } from '../../shared/notices/outbox.ts';
import { keys } from '../../shared/store/keys.ts';
import { allItems, newTenantWithKey, useApi } from '../support/api.ts';
import { inboxOf } from '../support/inbox.ts';

const ctx = useApi();
const DAY = 86_400_000;

function adminContact(language: 'sl' | 'en') {
  const email = `admin-${randomBytes(4).toString('hex')}@acme.example`;
  return { language, contacts: { administrator: { name: 'Ana', email } } };
}

describe('key-rotation-notices job', () => {
  it('TEN-2 SEC-5 tells the administrator once per key past the maximum age, however often it runs', async () => {
    const overrides = adminContact('en');
    const { keyId } = await newTenantWithKey(ctx.api, ['admin'], overrides);
    const address = overrides.contacts.administrator.email;
    const created = Date.now();

    await runJob('key-rotation-notices', new Date(created + 89 * DAY));
    expect(await inboxOf(address)).toHaveLength(0);

    const first = await runJob('key-rotation-notices', new Date(created + 91 * DAY));
    expect(first.noticesSent).toBeGreaterThanOrEqual(1);
    const mail = await inboxOf(address);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('API key "test key" is due for rotation');
    expect(mail[0]!.body.text).toContain(keyId);

    const rerun = await runJob('key-rotation-notices', new Date(created + 92 * DAY));
    expect(rerun.alreadySent).toBeGreaterThanOrEqual(1);
    expect(await inboxOf(address)).toHaveLength(1);

    const log = (await allItems()).find((i) => i.type === 'notice' && i.subjectId === keyId);
    expect(log).toMatchObject({
      status: 'sent',
      kind: 'key-rotation',
      recipients: [{ role: 'administrator', address }],
      deliveries: [{ role: 'administrator', address, messageId: mail[0]!.messageId }],
    });
  });

  it('TEN-2 writes in the tenant language', async () => {
    const overrides = adminContact('sl');
    await newTenantWithKey(ctx.api, ['admin'], overrides);
    await runJob('key-rotation-notices', new Date(Date.now() + 100 * DAY));
    const [mail] = await inboxOf(overrides.contacts.administrator.email);
    expect(mail?.subject).toBe('Ključ API "test key" je treba zamenjati');
  });

  it('SEC-5 sends after a crash between claim and send, once the claim is stale on the wall clock, and not before; meanwhile its run fails so that it is retried', async () => {
    const overrides = adminContact('en');
    const { tenantId, keyId } = await newTenantWithKey(ctx.api, ['admin'], overrides);
    const runAt = new Date(Date.now() + 120 * DAY);
    // A run that crashed right after claiming the notice left this behind.
    const claim = (claimedAt: number) =>
      documentClient.send(
        new PutCommand({
          TableName: process.env.TABLE_NAME!,
          Item: { pk: keys.noticePartition(tenantId), sk: `key-rotation#${keyId}`, type: 'notice', status: 'claimed', claimedAt },
        }),
      );
    // A claim seconds old is a run sending right now: nothing is owed yet.
    await claim(Date.now() - 5_000);
    await expect(runJob('key-rotation-notices', runAt)).resolves.toBeDefined();
    // One older than a send takes, within its lease, is a crashed run's: the notice is owed, and the
    // run fails so that the scheduler retries it (with the same scheduled time) after the lease.
    await claim(Date.now() - 60_000);
    await expect(runJob('key-rotation-notices', runAt)).rejects.toMatchObject({ name: 'NoticesStillOwed', owed: 1 });
    expect(await inboxOf(overrides.contacts.administrator.email)).toHaveLength(0);
    await claim(Date.now() - CLAIM_LEASE_MS - 1);
    await runJob('key-rotation-notices', runAt);
    expect(await inboxOf(overrides.contacts.administrator.email)).toHaveLength(1);
  });
});
