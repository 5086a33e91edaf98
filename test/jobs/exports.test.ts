import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { runtime } from '../../shared/config/runtime.ts';
import { newId } from '../../shared/ids.ts';
import { runExports } from '../../shared/services/exports/exports-job.ts';
import { objectKeys } from '../../shared/services/exports/objects.ts';
import { buildSubjectDocument, storeSubjectExport } from '../../shared/services/exports/subject-export.ts';
import { deleteTenantExports } from '../../shared/services/exports/tenant-exports.ts';
import { keys } from '../../shared/store/keys.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { UNLIMITED, bucketKeys } from '../support/exports.ts';
import { newSubject } from '../support/subjects.ts';

/**
 * obligation: DSR-5, DSR-6, EXP-2 — a data subject's export for an access or portability request:
 * everything held about them as JSON, behind a signed public link; gone with an erasure, with
 * its expiry, and with the tenant.
 */
const ctx = useApi();

let tenant: Awaited<ReturnType<typeof newTenantWithKey>>;
let subjectId: string;

/** Follows the public link as the person would, without following the redirect. */
async function open(downloadUrl: string) {
  const path = new URL(downloadUrl).pathname;
  return request(ctx.api, 'GET', path);
}

beforeAll(async () => {
  tenant = await newTenantWithKey(ctx.api);
  const subject = await newSubject(ctx.api, tenant.key, {
    attributeSets: [{ name: 'identity', purpose: 'employment', legalBasis: 'contract', attributes: { firstName: 'Mojca', email: `mojca.${tenant.tenantId}@acme.example` } }],
  });
  subjectId = subject.id;
  expect((await request(ctx.api, 'PATCH', `/v1/subjects/${subjectId}`, { token: tenant.key, headers: { 'If-Match': '"1"' }, body: { endUser: false } })).status).toBe(200);
  expect((await request(ctx.api, 'POST', `/v1/subjects/${subjectId}/time-entries`, { token: tenant.key, body: { type: 'clock-in', at: '2026-03-03T07:00:00+01:00' } })).status).toBe(201);
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
