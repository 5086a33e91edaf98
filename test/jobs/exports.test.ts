import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { runtime } from '../../shared/config/runtime.ts';
import { newId } from '../../shared/ids.ts';
import { LEASE_MS, runExports } from '../../shared/services/exports/exports-job.ts';
import { objectKeys } from '../../shared/services/exports/objects.ts';
import { deleteSubjectExports } from '../../shared/services/exports/subject-erasure.ts';
import { buildSubjectDocument, storeSubjectExport } from '../../shared/services/exports/subject-export.ts';
import { produceTenantExport } from '../../shared/services/exports/tenant-export.ts';
import { deleteTenantExports } from '../../shared/services/exports/tenant-exports.ts';
import { expiryOf, exportStore, exportTransitions } from '../../shared/store/exports.ts';
import { keys } from '../../shared/store/keys.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { UNLIMITED, bucketKeys, linesOf, objectBytes, unzip } from '../support/exports.ts';
import { commitErasureOnly, newSubject } from '../support/subjects.ts';

/**
 * obligation: DSR-5, DSR-6, EXP-2 — a data subject's export for an access or portability request:
 * everything held about them as JSON, behind a signed public link; gone with an erasure, with
 * its expiry, and with the tenant.
 */
const ctx = useApi();

let tenant: Awaited<ReturnType<typeof newTenantWithKey>>;
let subjectId: string;

/** Opens the public link as the person would (its page, then its button), without following the redirect. */
async function open(downloadUrl: string) {
  const path = new URL(downloadUrl).pathname;
  const page = await request(ctx.api, 'GET', path);
  if (page.status !== 200) return page;
  return request(ctx.api, 'POST', path);
}

beforeAll(async () => {
  tenant = await newTenantWithKey(ctx.api);
  const subject = await newSubject(ctx.api, tenant.key, {
    attributeSets: [{ name: 'identity', purpose: 'employment', legalBasis: 'contract', attributes: { firstName: 'Mojca', email: `mojca.${tenant.tenantId}@acme.example` } }],
  });
  subjectId = subject.id;
  expect((await request(ctx.api, 'PATCH', `/v1/subjects/${subjectId}`, { token: tenant.key, headers: { 'If-Match': '"1"' }, body: { endUser: false } })).status).toBe(200);
  expect((await request(ctx.api, 'POST', `/v1/subjects/${subjectId}/time-entries`, { token: tenant.key, body: { type: 'clock-in', at: new Date(Date.now() - 3_600_000).toISOString() } })).status).toBe(201);
  // Consent items as the consent records keep them, read generically by type.
  const at = new Date().toISOString();
  await documentClient.send(new PutCommand({ TableName: runtime.tableName, Item: { pk: keys.subjectPartition(tenant.tenantId, subjectId), sk: 'CONSENT#newsletter', type: 'consent', purpose: 'newsletter', state: 'confirmed', at } }));
  await documentClient.send(new PutCommand({ TableName: runtime.tableName, Item: { pk: keys.subjectPartition(tenant.tenantId, subjectId), sk: `CONSENT-EVENT#newsletter#${at}#${newId(new Date())}`, type: 'consent-event', purpose: 'newsletter', event: 'confirmed', at } }));
});

describe('a data subject’s export', () => {
  let stored: { exportId: string; expiresAt: string; downloadUrl: string };

  it('DSR-5 holds the record, every version, the time entries and the consents, without HMACs', async () => {
    const document = await buildSubjectDocument(TenantScope.named(tenant.tenantId), subjectId);
    expect(document).toMatchObject({ format: 'skrbnik-subject-export', formatVersion: 1, subjectId, subject: { id: subjectId, endUser: false, version: 2 } });
    expect(document.history).toHaveLength(2);
    expect(document.timeEntries).toHaveLength(1);
    expect(document.consents).toEqual([expect.objectContaining({ type: 'consent', purpose: 'newsletter' })]);
    expect(document.consentEvents).toEqual([expect.objectContaining({ type: 'consent-event', event: 'confirmed' })]);
    expect(JSON.stringify(document)).not.toMatch(/"(pk|sk|gsi1pk|gsi1sk|lookups|hmac)"/);
  });

  it('DSR-5 AUD-3 is opened by its public link: 303 to a five-minute link, recorded as a disclosure to the data subject', async () => {
    const scope = TenantScope.named(tenant.tenantId);
    const requestId = newId(new Date());
    stored = await storeSubjectExport(scope, subjectId, await buildSubjectDocument(scope, subjectId), { requestId, now: new Date() });
    expect(Date.parse(stored.expiresAt) - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(await bucketKeys(objectKeys.subjectPrefix(tenant.tenantId, subjectId))).toEqual([objectKeys.subjectExport(tenant.tenantId, subjectId, stored.exportId)]);
    const reply = await open(stored.downloadUrl);
    expect(reply.status, JSON.stringify(reply.body)).toBe(303);
    const file = await fetch(reply.headers.get('location')!);
    expect(await file.json()).toMatchObject({ subjectId, exportId: stored.exportId, history: expect.any(Array) });
    const items = await allItems();
    expect(items).toContainEqual(expect.objectContaining({ type: 'disclosure', recipient: 'data-subject', kind: 'export-download', subjectIds: [subjectId], reference: `export:${stored.exportId}` }));
  });

  it('DSR-5 opening the link shows a page with a button and records nothing: a mail scanner that follows it downloads nothing', async () => {
    const scope = TenantScope.named(tenant.tenantId);
    const fresh = await storeSubjectExport(scope, subjectId, { format: 'skrbnik-subject-export' }, { requestId: newId(new Date()), now: new Date() });
    const path = new URL(fresh.downloadUrl).pathname;
    const disclosures = async () => (await allItems()).filter((i) => i.type === 'disclosure' && i.reference === `export:${fresh.exportId}`);
    const page = await request(ctx.api, 'GET', path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toMatch(/<form method="post"><button type="submit">/);
    expect(page.headers.get('location')).toBeNull();
    expect(await disclosures()).toEqual([]);
    const download = await request(ctx.api, 'POST', path);
    expect(download.status).toBe(303);
    expect(await disclosures()).toHaveLength(1);
  });

  it('DSR-5 refuses a changed token with 404, as if there were nothing', async () => {
    const token = stored.downloadUrl.split('/').at(-1)!;
    const changed = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await request(ctx.api, 'GET', `/v1/public/exports/${changed}`)).status).toBe(404);
    const otherExport = token.replace(stored.exportId, newId(new Date()));
    expect((await request(ctx.api, 'GET', `/v1/public/exports/${otherExport}`)).status).toBe(404);
  });

  it('EXP-2 is deleted by the exports job after seven days, and its link answers 410', async () => {
    const scope = TenantScope.named(tenant.tenantId);
    const short = await storeSubjectExport(scope, subjectId, { format: 'skrbnik-subject-export' }, { requestId: newId(new Date()), now: new Date() });
    const key = objectKeys.subjectExport(tenant.tenantId, subjectId, short.exportId);
    const summary = await runExports(new Date(Date.parse(short.expiresAt) + 60_000), UNLIMITED);
    expect(summary.expired).toBeGreaterThanOrEqual(1);
    expect(await bucketKeys(objectKeys.subjectPrefix(tenant.tenantId, subjectId))).not.toContain(key);
    // Still inside its time by the clock, the record says expired: gone.
    const reply = await open(short.downloadUrl);
    expect(reply.status).toBe(410);
    // A person's browser gets a page that says so, in its language; an API client the problem document.
    const path = new URL(short.downloadUrl).pathname;
    const page = await request(ctx.api, 'GET', path, { headers: { Accept: 'text/html', 'Accept-Language': 'sl' } });
    expect(page.status).toBe(410);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('Podatkov ni več');
    expect(reply.body.type).toBe('/problems/export-gone');
    const unknown = await request(ctx.api, 'GET', `${path.slice(0, -1)}${path.endsWith('A') ? 'B' : 'A'}`, { headers: { Accept: 'text/html' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('This link is not valid');
  });

  it('DSR-6 an erasure deletes the subject’s exports and withdraws full exports holding it; the links then fail', async () => {
    const full = await request(ctx.api, 'POST', '/v1/exports', { token: tenant.key });
    await runExports(new Date(), UNLIMITED);
    expect((await request(ctx.api, 'GET', `/v1/exports/${full.body.id}`, { token: tenant.key })).body.state).toBe('ready');

    expect((await request(ctx.api, 'DELETE', `/v1/subjects/${subjectId}`, { token: tenant.key })).status).toBe(200);

    expect(await bucketKeys(objectKeys.subjectPrefix(tenant.tenantId, subjectId))).toEqual([]);
    expect(await bucketKeys(objectKeys.fullExportPrefix(tenant.tenantId, full.body.id))).toEqual([]);
    const link = await open(stored.downloadUrl);
    expect(link.status).toBe(410);
    const view = await request(ctx.api, 'GET', `/v1/exports/${full.body.id}`, { token: tenant.key });
    expect(view.body).toMatchObject({ state: 'withdrawn', withdrawnReason: 'erasure' });
    const download = await request(ctx.api, 'GET', `/v1/exports/${full.body.id}/download`, { token: tenant.key });
    expect(download.status).toBe(410);
    // No export record of the subject is left in its partition.
    expect((await allItems()).filter((i) => i.type === 'export' && i.subjectId === subjectId)).toEqual([]);
  });

  it('DSR-6 a full export requested before a subject existed is kept when that subject is erased', async () => {
    const full = await request(ctx.api, 'POST', '/v1/exports', { token: tenant.key });
    await runExports(new Date(), UNLIMITED);
    await new Promise((r) => setTimeout(r, 5));
    const late = await newSubject(ctx.api, tenant.key, { attributeSets: [{ name: 'identity', purpose: 'employment', legalBasis: 'contract', attributes: { firstName: 'Late' } }] });
    expect((await request(ctx.api, 'DELETE', `/v1/subjects/${late.id}`, { token: tenant.key })).status).toBe(200);
    expect((await request(ctx.api, 'GET', `/v1/exports/${full.body.id}`, { token: tenant.key })).body.state).toBe('ready');
  });

  it('DUN-5 EXP-2 a tenant deletion removes every export object of the tenant', async () => {
    expect((await bucketKeys(objectKeys.tenantPrefix(tenant.tenantId))).length).toBeGreaterThan(0);
    await deleteTenantExports(TenantScope.named(tenant.tenantId));
    expect(await bucketKeys(objectKeys.tenantPrefix(tenant.tenantId))).toEqual([]);
  });
});

describe('a full export and an erasure at the same time', () => {
  /** A subject with a second version, a time entry and consent records, named so its values can be searched for. */
  async function subjectWithRemains(key: string, tenantId: string, name: string): Promise<string> {
    const subject = await newSubject(ctx.api, key, {
      attributeSets: [{ name: 'identity', purpose: 'employment', legalBasis: 'contract', attributes: { firstName: name, email: `${name.toLowerCase()}.${tenantId}@acme.example` } }],
    });
    expect((await request(ctx.api, 'PATCH', `/v1/subjects/${subject.id}`, { token: key, headers: { 'If-Match': '"1"' }, body: { endUser: false } })).status).toBe(200);
    expect((await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/time-entries`, { token: key, body: { type: 'clock-in', at: new Date(Date.now() - 3_600_000).toISOString() } })).status).toBe(201);
    const at = new Date().toISOString();
    const pk = keys.subjectPartition(tenantId, subject.id);
    await documentClient.send(new PutCommand({ TableName: runtime.tableName, Item: { pk, sk: 'CONSENT#newsletter', type: 'consent', purpose: 'newsletter', state: 'confirmed', note: name, at } }));
    await documentClient.send(new PutCommand({ TableName: runtime.tableName, Item: { pk, sk: `CONSENT-EVENT#newsletter#${at}#${newId(new Date())}`, type: 'consent-event', purpose: 'newsletter', event: 'confirmed', note: name, at } }));
    return subject.id;
  }


  it('DSR-6 EXP-1 an export produced while an erasure is half done holds the tombstone only, none of the subject’s versions, time entries or consents', async () => {
    const { key, tenantId } = await newTenantWithKey(ctx.api);
    const kept = await subjectWithRemains(key, tenantId, `Kept${tenantId.slice(-6)}`);
    const erasedName = `Erased${tenantId.slice(-6)}`;
    const erased = await subjectWithRemains(key, tenantId, erasedName);
    // Requested before the erasure: still queued when the erasure's scan of the full exports runs.
    const requested = await request(ctx.api, 'POST', '/v1/exports', { token: key });
    expect(requested.status).toBe(202);
    await commitErasureOnly(tenantId, erased);
    await deleteSubjectExports(TenantScope.named(tenantId), erased);
    const remains = (await allItems()).filter((i) => String(i.pk).startsWith(keys.subjectPartition(tenantId, erased)) && i.sk !== 'SUBJECT');
    expect(remains.map((i) => i.type).sort()).toEqual(['consent', 'consent-event', 'subject-version', 'subject-version', 'time-entry']);

    await runExports(new Date(), UNLIMITED);

    const record = (await exportStore(TenantScope.named(tenantId)).get(requested.body.id))!;
    expect(record.state).toBe('ready');
    const archive = unzip(await objectBytes(record.objectKey!));
    expect(linesOf(archive.get('subject-tombstone.ndjson'))).toEqual([expect.objectContaining({ id: erased, reason: 'erasure' })]);
    expect(linesOf(archive.get('subject.ndjson')).map((s) => s.id)).toEqual([kept]);
    expect(linesOf(archive.get('subject-version.ndjson')).map((v) => (v.state as { id: string }).id)).toEqual([kept, kept]);
    expect(linesOf(archive.get('time-entry.ndjson')).map((e) => e.subjectId)).toEqual([kept]);
    expect(linesOf(archive.get('consent.ndjson'))).toHaveLength(1);
    expect(linesOf(archive.get('consent-event.ndjson'))).toHaveLength(1);
    // Not one value of the erased subject anywhere in the archive.
    for (const [name, content] of archive) expect(content.toString('utf8'), name).not.toContain(erasedName);
  });

  it('DSR-6 an export that its run finishes after the erasure saw it running (the restart loses) is withdrawn, not left ready', async () => {
    const { key, tenantId } = await newTenantWithKey(ctx.api);
    const scope = TenantScope.named(tenantId);
    const subjectId = await subjectWithRemains(key, tenantId, `Racing${tenantId.slice(-6)}`);
    const requested = await request(ctx.api, 'POST', '/v1/exports', { token: key });
    const store = exportStore(scope);
    // A run claims the export and reads the subject before the erasure commits.
    const now = new Date();
    const runId = newId(now);
    const claimed = await exportTransitions.claim((await store.get(requested.body.id))!, runId, now, new Date(now.getTime() + LEASE_MS));
    const produced = await produceTenantExport(claimed, runId, now, now);
    await commitErasureOnly(tenantId, subjectId);
    // The erasure's scan has read the export as running; the run marks it ready just before the restart.
    const restart = exportTransitions.restart;
    let raced = 0;
    const spy = vi.spyOn(exportTransitions, 'restart').mockImplementationOnce(async (record, at) => {
      raced++;
      await exportTransitions.ready(claimed, { objectKey: produced.objectKey, size: produced.size, files: produced.files, readyAt: now.toISOString(), expiresAt: expiryOf(now).toISOString() });
      return restart(record, at);
    });
    try {
      expect(await deleteSubjectExports(scope, subjectId)).toBeGreaterThanOrEqual(1);
    } finally {
      spy.mockRestore();
    }
    expect(raced).toBe(1);
    expect(await store.get(requested.body.id)).toMatchObject({ state: 'withdrawn', withdrawnReason: 'erasure' });
    expect(await bucketKeys(objectKeys.fullExportPrefix(tenantId, requested.body.id))).toEqual([]);
    const download = await request(ctx.api, 'GET', `/v1/exports/${requested.body.id}/download`, { token: key });
    expect(download.status).toBe(410);
    // Idempotent, as the erasure-completion job calls it again: nothing more to delete.
    expect(await deleteSubjectExports(scope, subjectId)).toBe(0);
  });

  it('DSR-6 an export claimed again after the erasure saw it running is left ready: that run read only the tombstone', async () => {
    const { key, tenantId } = await newTenantWithKey(ctx.api);
    const scope = TenantScope.named(tenantId);
    const subjectName = `Later${tenantId.slice(-6)}`;
    const subjectId = await subjectWithRemains(key, tenantId, subjectName);
    const requested = await request(ctx.api, 'POST', '/v1/exports', { token: key });
    const store = exportStore(scope);
    const now = new Date();
    await exportTransitions.claim((await store.get(requested.body.id))!, newId(now), now, new Date(now.getTime() + LEASE_MS));
    await commitErasureOnly(tenantId, subjectId);
    // Between the scan's read and its restart, another erasure restarts the export and the next run produces it.
    const restart = exportTransitions.restart;
    let raced = 0;
    const spy = vi.spyOn(exportTransitions, 'restart').mockImplementationOnce(async (record, at) => {
      raced++;
      await restart(record, at);
      expect(await runExports(new Date(), UNLIMITED)).toMatchObject({ errors: 0 });
      return restart(record, at);
    });
    try {
      await deleteSubjectExports(scope, subjectId);
    } finally {
      spy.mockRestore();
    }
    expect(raced).toBe(1);
    const record = (await store.get(requested.body.id))!;
    expect(record).toMatchObject({ state: 'ready', attempts: 2 });
    const archive = unzip(await objectBytes(record.objectKey!));
    for (const [name, content] of archive) expect(content.toString('utf8'), name).not.toContain(subjectName);
  });
});

describe('a full export of a tenant being deleted', () => {
  it('DUN-5 EXP-1 is not produced: the deletion removes the bucket once, and nothing is written behind it', async () => {
    const { key, tenantId } = await newTenantWithKey(ctx.api);
    await newSubject(ctx.api, key);
    const requested = await request(ctx.api, 'POST', '/v1/exports', { token: key });
    expect(requested.status).toBe(202);
    // The dormancy job's hand-over: the profile says `deleting` (the key stops working with it).
    await documentClient.send(
      new UpdateCommand({ TableName: runtime.tableName, Key: keys.tenantProfile(tenantId), UpdateExpression: 'SET #status = :deleting', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':deleting': 'deleting' } }),
    );
    expect(await runExports(new Date(), UNLIMITED)).toMatchObject({ errors: 0 });
    expect(await exportStore(TenantScope.named(tenantId)).get(requested.body.id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(await bucketKeys(objectKeys.tenantPrefix(tenantId))).toEqual([]);
  });
});
