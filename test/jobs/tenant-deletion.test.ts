import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { writeJson } from '../../local/data-dir.ts';
import type { LocalEndpoints } from '../../local/environment.ts';
import { runJob } from '../../local/scheduler.ts';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { newId } from '../../shared/ids.ts';
import { CHUNK_ITEMS } from '../../shared/services/tenant-deletion.ts';
import { TIME_RESERVE_MS } from '../../shared/jobs/tenant-runs.ts';
import { auditItem } from '../../shared/store/audit.ts';
import { putAll } from '../../shared/store/batch.ts';
import { keys } from '../../shared/store/keys.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { markDeleting } from '../support/deletion.ts';
import { inboxOf } from '../support/inbox.ts';
import { newSubject } from '../support/subjects.ts';

const ctx = useApi();
const DAY = 86_400_000;
const tag = () => randomBytes(4).toString('hex');
const table = () => process.env.TABLE_NAME!;

type Item = Record<string, unknown>;

function ownedBy(tenantId: string, item: Item): boolean {
  return item.pk === `T#${tenantId}` || String(item.pk).startsWith(`T#${tenantId}#`);
}

const byKey = (a: Item, b: Item) => `${a.pk} ${a.sk}`.localeCompare(`${b.pk} ${b.sk}`);

/** The tenant's items, split into what the deletion keeps (BIL-9), its profile, and the rest. */
async function partsOf(tenantId: string) {
  const own = (await allItems()).filter((i) => ownedBy(tenantId, i)).sort(byKey);
  const kept = new Set(keys.keptOnDeletion(tenantId));
  const isProfile = (i: Item) => i.pk === keys.tenantProfile(tenantId).pk && i.sk === keys.tenantProfile(tenantId).sk;
  return {
    kept: own.filter((i) => kept.has(i.pk as string)),
    profile: own.find(isProfile),
    rest: own.filter((i) => !kept.has(i.pk as string) && !isProfile(i)),
  };
}

async function account(tenantId: string): Promise<Item> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table(), Key: keys.billingAccount(tenantId), ConsistentRead: true }));
  return Item!;
}

/** Invoices and metering evidence, written directly: the billing services are not part of this test. */
async function putBillingEvidence(tenantId: string): Promise<void> {
  await putAll([
    { ...keys.invoice(tenantId, newId(new Date())), type: 'invoice', tenantId, number: '2026-000001', totalCents: 1200 },
    { ...keys.monthPeak(tenantId, '2026-10'), type: 'month-peak', peak: 3 },
  ]);
}

/** Many captured records of one subject, written directly so a deletion has chunks to cut. */
async function putTimeEntries(tenantId: string, subjectId: string, count: number): Promise<void> {
  const start = Date.UTC(2026, 0, 1);
  await putAll(
    Array.from({ length: count }, (_, i) => {
      const at = new Date(start + i * 60_000).toISOString();
      const id = newId(new Date(start + i));
      return { pk: keys.timeEntryPartition(tenantId, subjectId), sk: `${at}#${id}`, type: 'time-entry', id, subjectId, at, entryType: 'clock-in' };
    }),
  );
}

async function contactsTenant(language: 'sl' | 'en', options: { billingIsAdministrator?: boolean } = {}) {
  const administrator = `admin-${tag()}@acme.example`;
  const billing = options.billingIsAdministrator ? administrator : `billing-${tag()}@acme.example`;
  const created = await newTenantWithKey(ctx.api, ['admin', 'capture'], {
    language,
    vatNumber: 'SI12345678',
    contacts: { administrator: { name: 'Ana Admin', email: administrator }, billing: { name: 'Bor Billing', email: billing } },
  });
  return { ...created, administrator, billing };
}

const confirmations = async (address: string) => (await inboxOf(address)).filter((m) => m.subject.includes('izbrisani') || m.subject.includes('has been deleted'));

/** A tenant with something in every partition the product writes. */
async function populatedTenant() {
  const tenant = await contactsTenant('sl');
  const { key } = tenant;
  const post = async (path: string, body: unknown, idempotencyKey?: string) => {
    const reply = await request(ctx.api, 'POST', path, { token: key, body, ...(idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {}) });
    expect(reply.status, path).toBeLessThan(300);
    return reply.body;
  };
  const subjects = [];
  for (let i = 0; i < 4; i++) {
    const attributes = { firstName: `Person ${i}`, email: `person-${i}-${tag()}@acme.example`, taxNumber: `${10000000 + i}` };
    const body = { category: 'employee', endUser: true, attributeSets: [{ name: 'identity', purpose: 'employment contract', legalBasis: 'contract', attributes }] };
    subjects.push(await post('/v1/subjects', body, `subject-${i}`));
    for (let e = 0; e < 3; e++) await post(`/v1/subjects/${subjects[i].id}/time-entries`, { type: 'clock-in', at: new Date(Date.UTC(2026, 10, 2 + e, 7)).toISOString() });
  }
  const [rectified, restricted, erased] = subjects;
  expect((await request(ctx.api, 'PATCH', `/v1/subjects/${rectified.id}`, { token: key, headers: { 'If-Match': '"1"' }, body: { endUser: false } })).status).toBe(200);
  await post(`/v1/subjects/${restricted.id}/restriction`, { reason: 'accuracy contested' });
  expect((await request(ctx.api, 'DELETE', `/v1/subjects/${erased.id}`, { token: key })).status).toBe(200);
  await post('/v1/subjects/lookup', { email: 'nobody@acme.example' });
  const extra = await post('/v1/api-keys', { name: 'till', scopes: ['capture'] }, 'key-1');
  await post(`/v1/api-keys/${extra.id}/rotate`, { gracePeriodHours: 24 }, 'rotate-1');
  expect((await request(ctx.api, 'GET', '/v1/audit', { token: key })).status).toBe(200);
  await putBillingEvidence(tenant.tenantId);
  return { ...tenant, erasedId: erased.id as string };
}

describe('tenant-deletion job', () => {
  it('DUN-5 deletes all the tenant\'s personal data and keys, keeps invoices and meter evidence, and confirms once', async () => {
    const created = Date.now();
    const tenant = await populatedTenant();
    const t = tenant.tenantId;
    const other = await populatedTenant();
    // A key-rotation notice in each outbox, and an audit entry from a later month.
    await runJob('key-rotation-notices', new Date(created + 100 * DAY));
    await putAll([auditItem(TenantScope.named(t), { actor: 'operator', action: 'update', entity: 'tenant', entityId: t, fields: ['name'], at: new Date(created + 60 * DAY) }, newId(new Date()))]);
    const now = new Date(created + 100 * DAY);
    await markDeleting(t, now, 3);

    // The authorizer has the key's decision cached: only the flush makes the deletion bite at once.
    expect((await request(ctx.api, 'GET', '/v1/tenant', { token: tenant.key })).status).toBe(200);
    const before = await partsOf(t);
    const partitions = new Set(before.rest.map((i) => String(i.pk).replace(/#[0-9a-z]{26}/g, '#<id>').replace(/#AUDIT#.*/, '#AUDIT#<month>').replace(/#IDEM#.*/, '#IDEM#<hash>').replace(/#LOOKUP#(\w+)#.*/, '#LOOKUP#$1#<hmac>')));
    // Every kind of partition is there to be deleted, including the ones only an index lists.
    expect([...partitions].sort()).toEqual(
      ['T#<id>', 'T#<id>#AUDIT#<month>', 'T#<id>#IDEM#<hash>', 'T#<id>#LOOKUP#email#<hmac>', 'T#<id>#LOOKUP#taxNumber#<hmac>', 'T#<id>#NOTICE', 'T#<id>#SUBJ#<id>', 'T#<id>#SUBJ#<id>#TIME'].sort(),
    );
    expect(before.rest.find((i) => i.type === 'subject-tombstone')).toMatchObject({ id: tenant.erasedId, gsi1pk: `T#${t}#ERASED` });
    expect(before.rest.filter((i) => i.type === 'idempotency').every((i) => i.gsi1pk === `T#${t}#IDEMPOTENCY`)).toBe(true);
    expect(before.rest.filter((i) => String(i.pk).includes('#AUDIT#')).map((i) => i.pk).filter((p, i, all) => all.indexOf(p) === i).length).toBeGreaterThanOrEqual(2);
    expect(before.kept).toHaveLength(3);
    const otherBefore = (await allItems()).filter((i) => ownedBy(other.tenantId, i)).sort(byKey);

    const summary = await runJob('tenant-deletion', now);
    // Beside what was there, the records of the confirmation the deletion itself sent: one per recipient.
    const deleted = before.rest.length + 2;
    expect(summary).toMatchObject({ tenantsFinished: 1, tenantsResumeLater: 0, tenantsFailed: 0, itemsDeleted: deleted });

    const after = await partsOf(t);
    expect(after.rest).toEqual([]);
    expect(after.kept.filter((i) => i.sk !== 'ACCOUNT')).toEqual(before.kept.filter((i) => i.sk !== 'ACCOUNT'));
    expect(after.profile).toEqual({
      pk: `T#${t}`,
      sk: 'TENANT',
      gsi1pk: before.profile!.gsi1pk,
      gsi1sk: before.profile!.gsi1sk,
      type: before.profile!.type,
      id: t,
      name: 'Acme d.o.o.',
      country: 'SI',
      language: 'sl',
      createdAt: before.profile!.createdAt,
      status: 'deleted',
      deletedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: (before.profile!.version as number) + 1,
    });
    const finished = await account(t);
    expect(finished).toMatchObject({
      state: 'deleted',
      stateSince: now.toISOString(),
      version: 4,
      deletion: { startedAt: now.toISOString(), finishedAt: now.toISOString(), phase: 'done', deletedItems: deleted },
    });
    expect(finished.gsi1pk).toBeUndefined();
    expect(finished.gsi1sk).toBeUndefined();

    expect((await request(ctx.api, 'GET', '/v1/tenant', { token: tenant.key })).status).toBe(401);
    const [mail, ...more] = await confirmations(tenant.administrator);
    expect(more).toEqual([]);
    expect(await confirmations(tenant.billing)).toHaveLength(1);
    expect(mail!.subject).toBe('Podatki organizacije "Acme d.o.o." v Skrbniku so izbrisani');
    expect(mail!.body.text).toContain(now.toISOString().slice(0, 10));
    expect(mail!.body.text).toContain('35 dni');

    const snapshot = (await allItems()).sort(byKey);
    const rerun = await runJob('tenant-deletion', new Date(now.getTime() + 3_600_000));
    expect(rerun).toMatchObject({ tenantsFinished: 0, tenantsResumeLater: 0, itemsDeleted: 0 });
    expect((await allItems()).sort(byKey)).toEqual(snapshot);
    expect(await confirmations(tenant.administrator)).toHaveLength(1);
    expect(await confirmations(tenant.billing)).toHaveLength(1);

    expect((await allItems()).filter((i) => ownedBy(other.tenantId, i)).sort(byKey)).toEqual(otherBefore);
    expect(await confirmations(other.administrator)).toEqual([]);
    expect((await request(ctx.api, 'GET', '/v1/tenant', { token: other.key })).status).toBe(200);
  });

  it('DUN-5 SEC-5 a job killed mid-deletion and rerun finishes with nothing left and no error', { timeout: 90_000 }, async () => {
    // The same person as administrator and billing contact gets the confirmation once.
    const tenant = await contactsTenant('en', { billingIsAdministrator: true });
    const t = tenant.tenantId;
    const subject = await newSubject(ctx.api, tenant.key, { attributeSets: [{ name: 'identity', purpose: 'employment contract', legalBasis: 'contract', attributes: { email: `p-${tag()}@acme.example` } }] });
    await putTimeEntries(t, subject.id, 20_000);
    await putBillingEvidence(t);
    const now = new Date();
    await markDeleting(t, now, 3);
    await ctx.auditQueue.drain();
    // What is there, and the record of the confirmation the deletion itself sends (one person, both roles).
    const toDelete = (await partsOf(t)).rest.length + 1;

    // `npm run job` in a process of its own, pointed at this file's table, killed without warning.
    const dataDir = mkdtempSync(join(tmpdir(), 'skrbnik-job-'));
    const endpoints: LocalEndpoints = {
      dynamoEndpoint: inject('dynamoEndpoint'),
      sesEndpoint: inject('sesEndpoint'),
      apiUrl: ctx.api.url,
      tableName: table(),
      secrets: { blindIndexKey: process.env.BLIND_INDEX_KEY!, linkSigningKey: process.env.LINK_SIGNING_KEY! },
    };
    writeJson(dataDir, 'platform.json', endpoints);
    const job = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../local/job.ts', import.meta.url)), 'tenant-deletion', '--now', now.toISOString()], {
      env: { ...process.env, SKRBNIK_DATA_DIR: dataDir },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => job.once('exit', (_code, signal) => resolve(signal)));
    let progress: Item = {};
    for (let ended = false; !ended; ) {
      progress = (await account(t)).deletion as Item;
      // Killed once a chunk of the subjects is checkpointed, with most of them still to go.
      if (progress.phase === 'subjects' && (progress.deletedItems as number) > CHUNK_ITEMS) break;
      ended = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5))]);
    }
    job.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const killed = await account(t);
    const counted = (killed.deletion as Item).deletedItems as number;
    expect(killed.state).toBe('deleting');
    expect((await partsOf(t)).rest.length).toBeLessThan(toDelete - CHUNK_ITEMS);
    expect((await partsOf(t)).rest.length).toBeGreaterThan(CHUNK_ITEMS);

    const rerun = await runJob('tenant-deletion', now);
    expect(rerun).toMatchObject({ tenantsFinished: 1, tenantsFailed: 0 });
    const after = await partsOf(t);
    expect(after.rest).toEqual([]);
    expect(after.profile).toMatchObject({ status: 'deleted' });
    expect(after.kept.map((i) => i.sk)).toEqual(['ACCOUNT', expect.stringMatching(/^INV#/), 'PEAK#2026-10']);
    const total = ((await account(t)).deletion as Item).deletedItems as number;
    // Counts are never more than what was deleted; a kill between a chunk and its checkpoint leaves at most one chunk uncounted.
    expect(total).toBe(counted + rerun.itemsDeleted!);
    expect(total).toBeLessThanOrEqual(toDelete);
    expect(total).toBeGreaterThanOrEqual(toDelete - CHUNK_ITEMS);
    const [mail, ...more] = await confirmations(tenant.administrator);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('The data of "Acme d.o.o." in Skrbnik has been deleted');
    expect(await runJob('tenant-deletion', now)).toMatchObject({ tenantsFinished: 0, itemsDeleted: 0 });
  });

  it('DUN-5 stops taking chunks when the time is nearly up, confirms before the contacts go, and the next run completes the tenant', async () => {
    const tenant = await contactsTenant('en');
    const t = tenant.tenantId;
    const subject = await newSubject(ctx.api, tenant.key);
    await putTimeEntries(t, subject.id, 2_500);
    await putBillingEvidence(t);
    const now = new Date();
    await markDeleting(t, now, 3);
    await ctx.auditQueue.drain();
    // What is there, and the records of the confirmation the deletion itself sends (billing and administrator).
    const toDelete = (await partsOf(t)).rest.length + 2;

    // Less time than the reserve: each run takes the one step every run is allowed, then stops.
    const limited = [];
    while (((await account(t)).deletion as Item).phase !== 'notices') {
      const run = await runJob('tenant-deletion', now, { timeLimitMs: TIME_RESERVE_MS / 2 });
      expect(run).toMatchObject({ tenantsFinished: 0, tenantsResumeLater: 1 });
      expect(run.itemsDeleted).toBeLessThanOrEqual(CHUNK_ITEMS);
      limited.push(run);
    }
    expect(limited.map((r) => r.itemsDeleted)).toContain(CHUNK_ITEMS);
    expect(limited.length).toBeGreaterThan(Math.ceil(toDelete / CHUNK_ITEMS));

    // Confirmed to both roles while the contacts are still there.
    const { kept, profile, rest } = await partsOf(t);
    expect(kept).toHaveLength(3);
    expect(profile).toMatchObject({ contacts: { billing: { email: tenant.billing } } });
    // One record per recipient: neither address can silence or repeat the other's confirmation.
    expect(rest.filter((i) => i.type === 'notice')).toEqual([
      expect.objectContaining({ kind: 'tenant-deleted', subjectId: `${t}#administrator`, status: 'sent', recipients: [{ role: 'administrator', address: tenant.administrator }] }),
      expect.objectContaining({ kind: 'tenant-deleted', subjectId: `${t}#billing`, status: 'sent', recipients: [{ role: 'billing', address: tenant.billing }] }),
    ]);
    expect(await confirmations(tenant.administrator)).toHaveLength(1);
    expect(await confirmations(tenant.billing)).toHaveLength(1);

    const last = await runJob('tenant-deletion', now);
    expect(last).toMatchObject({ tenantsFinished: 1, tenantsResumeLater: 0 });
    expect((await partsOf(t)).rest).toEqual([]);
    const counted = limited.reduce((sum, r) => sum + r.itemsDeleted!, last.itemsDeleted!);
    expect(counted).toBe(toDelete);
    expect(await account(t)).toMatchObject({ state: 'deleted', deletion: { deletedItems: toDelete } });
    expect(await confirmations(tenant.administrator)).toHaveLength(1);
  });

  it('RET-3 DUN-5 an operator’s hold placed while the deletion runs stops it at the next chunk; nothing more goes until the hold is lifted', { timeout: 90_000 }, async () => {
    const tenant = await contactsTenant('en');
    const t = tenant.tenantId;
    const subject = await newSubject(ctx.api, tenant.key);
    const entries = 8 * CHUNK_ITEMS;
    await putTimeEntries(t, subject.id, entries);
    await putBillingEvidence(t);
    const now = new Date();
    await markDeleting(t, now, 3);
    await ctx.auditQueue.drain();

    const deleting = runJob('tenant-deletion', now);
    // Once a chunk of the subjects is checkpointed, an authority's preservation order comes in.
    while (!(((await account(t)).deletion as Item | undefined)?.phase === 'subjects' && (((await account(t)).deletion as Item).deletedItems as number) >= CHUNK_ITEMS)) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const order = await request(ctx.api, 'POST', `/v1/operator/tenants/${t}/legal-holds`, { token: OPERATOR_TOKEN, body: { reason: 'Preservation order of the authority' } });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const deletedBeforeHold = ((await account(t)).deletion as Item).deletedItems as number;

    expect(await deleting).toMatchObject({ heldByOperator: 1, tenantsFinished: 0, tenantsFailed: 0 });
    // At most the chunk already being deleted when the order came went after it; the rest is kept.
    const held = await account(t);
    expect(held).toMatchObject({ state: 'deleting', deletion: { phase: 'subjects' } });
    const deletedItems = (held.deletion as Item).deletedItems as number;
    expect(deletedItems).toBeLessThanOrEqual(deletedBeforeHold + CHUNK_ITEMS);
    const kept = (await partsOf(t)).rest;
    expect(kept.filter((i) => i.type === 'time-entry').length).toBeGreaterThanOrEqual(entries - deletedItems);
    expect(kept.some((i) => i.sk === 'SUBJECT')).toBe(true);
    expect(await confirmations(tenant.administrator)).toEqual([]);
    // Runs while it holds delete nothing.
    expect(await runJob('tenant-deletion', new Date(now.getTime() + 3_600_000))).toMatchObject({ heldByOperator: 1, itemsDeleted: 0 });
    expect((await partsOf(t)).rest).toHaveLength(kept.length);

    const lifted = await request(ctx.api, 'POST', `/v1/operator/tenants/${t}/legal-holds/${order.body.id}/lift`, { token: OPERATOR_TOKEN, body: { reason: 'Order lifted' } });
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
    expect(await runJob('tenant-deletion', new Date(now.getTime() + 2 * 3_600_000))).toMatchObject({ heldByOperator: 0, tenantsFinished: 1, tenantsFailed: 0 });
    expect((await partsOf(t)).rest).toEqual([]);
    expect(await account(t)).toMatchObject({ state: 'deleted' });
  });

  it('RET-3 DUN-5 a tenant the operator holds (an authority’s order) is not deleted until the hold is lifted; its own hold does not stop it', async () => {
    const tenant = await contactsTenant('en');
    const t = tenant.tenantId;
    await newSubject(ctx.api, tenant.key);
    const own = await request(ctx.api, 'POST', '/v1/retention/holds', { token: tenant.key, body: { reason: 'Our own audit' } });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const order = await request(ctx.api, 'POST', `/v1/operator/tenants/${t}/legal-holds`, { token: OPERATOR_TOKEN, body: { reason: 'Preservation order of the authority' } });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const now = new Date(Date.now() + 100 * DAY);
    await markDeleting(t, now, 3);
    const before = await partsOf(t);

    expect(await runJob('tenant-deletion', now)).toMatchObject({ heldByOperator: 1, tenantsFinished: 0, tenantsFailed: 0, itemsDeleted: 0 });
    expect(await partsOf(t)).toEqual(before);
    expect(await account(t)).toMatchObject({ state: 'deleting' });
    expect(await confirmations(tenant.administrator)).toEqual([]);

    const lifted = await request(ctx.api, 'POST', `/v1/operator/tenants/${t}/legal-holds/${order.body.id}/lift`, { token: OPERATOR_TOKEN, body: { reason: 'Order lifted' } });
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
    expect(await runJob('tenant-deletion', new Date(now.getTime() + 3_600_000))).toMatchObject({ heldByOperator: 0, tenantsFinished: 1, tenantsFailed: 0 });
    expect((await partsOf(t)).rest).toEqual([]);
    expect(await account(t)).toMatchObject({ state: 'deleted' });
    expect(await confirmations(tenant.administrator)).toHaveLength(1);
  });
});
