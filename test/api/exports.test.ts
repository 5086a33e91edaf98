import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import { LEASE_MS, runExports } from '../../shared/services/exports/exports-job.ts';
import { objectKeys, putObject } from '../../shared/services/exports/objects.ts';
import { exportStore, exportTransitions } from '../../shared/store/exports.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { OPERATOR_TOKEN, allItems, newTenantWithKey, request, useApi } from '../support/api.ts';
import { UNLIMITED, bucketKeys, linesOf, unzip } from '../support/exports.ts';
import { inTenantKeySpace } from '../support/route-samples.ts';
import { newSubject } from '../support/subjects.ts';

/**
 * obligation: EXP-1, EXP-2 — a full tenant export over HTTP against the local S3 server: requested
 * (202), produced by the `exports` job as a ZIP of NDJSON files per entity with a manifest,
 * downloaded through a 303 to a five-minute link, and deleted after seven days.
 */
const ctx = useApi();

type Item = Record<string, unknown>;
let tenant: Awaited<ReturnType<typeof newTenantWithKey>>;
let other: Awaited<ReturnType<typeof newTenantWithKey>>;

/** What the tenant holds, built through the API: subjects with history, time entries, an erasure, a plan. */
async function seedData(key: string, tenantId: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const subject = await newSubject(ctx.api, key, {
      attributeSets: [{ name: 'identity', purpose: 'employment', legalBasis: 'contract', attributes: { firstName: `Ana ${i}`, email: `ana${i}.${tenantId}@acme.example` } }],
    });
    const changed = await request(ctx.api, 'PATCH', `/v1/subjects/${subject.id}`, { token: key, headers: { 'If-Match': `"${subject.version}"` }, body: { endUser: false } });
    expect(changed.status).toBe(200);
    const entry = await request(ctx.api, 'POST', `/v1/subjects/${subject.id}/time-entries`, { token: key, body: { type: 'clock-in', at: new Date(Date.now() - 3_600_000).toISOString() } });
    expect(entry.status).toBe(201);
  }
  const erased = await newSubject(ctx.api, key, { attributeSets: [{ name: 'contact', purpose: 'orders', legalBasis: 'contract', attributes: { firstName: 'Bor' } }] });
  expect((await request(ctx.api, 'DELETE', `/v1/subjects/${erased.id}`, { token: key })).status).toBe(200);
  const plan = await request(ctx.api, 'POST', `/v1/operator/tenants/${tenantId}/plan`, { token: OPERATOR_TOKEN, body: { interval: 'monthly', unitPriceCents: 350, currency: 'EUR' } });
  expect(plan.status).toBe(200);
}

async function download(key: string, exportId: string) {
  return request(ctx.api, 'GET', `/v1/exports/${exportId}/download`, { token: key });
}

beforeAll(async () => {
  tenant = await newTenantWithKey(ctx.api);
  other = await newTenantWithKey(ctx.api);
  await seedData(tenant.key, tenant.tenantId);
});

describe('a full tenant export', () => {
  let exportId: string;
  let archive: Map<string, Buffer>;
  let snapshot: Item[];

  it('EXP-1 is accepted with 202 and queued, without waiting for the work', async () => {
    const reply = await request(ctx.api, 'POST', '/v1/exports', { token: tenant.key });
    expect(reply.status, JSON.stringify(reply.body)).toBe(202);
    expect(reply.body).toMatchObject({ kind: 'full', state: 'queued', attempts: 0 });
    expect(reply.body).not.toHaveProperty('tenantId');
    exportId = reply.body.id;
    const listed = await request(ctx.api, 'GET', '/v1/exports', { token: tenant.key });
    expect(listed.body.items.map((e: Item) => e.id)).toEqual([exportId]);
    expect((await download(tenant.key, exportId)).status).toBe(409);
  });

  it('EXP-1 is produced by the exports job and then ready, with its files and a seven-day expiry', async () => {
    snapshot = (await allItems()).filter((i) => inTenantKeySpace(i.pk, tenant.tenantId));
    const summary = await runExports(new Date(), UNLIMITED);
    expect(summary).toMatchObject({ produced: 1, errors: 0 });
    const reply = await request(ctx.api, 'GET', `/v1/exports/${exportId}`, { token: tenant.key });
    expect(reply.body).toMatchObject({ state: 'ready', attempts: 1 });
    expect(Date.parse(reply.body.expiresAt) - Date.parse(reply.body.readyAt)).toBe(7 * 86_400_000);
    expect(reply.body.files.map((f: Item) => f.name)).toEqual(expect.arrayContaining(['subject.ndjson', 'subject-version.ndjson', 'time-entry.ndjson', 'audit.ndjson', 'tenant.ndjson', 'api-key.ndjson']));
    expect(await bucketKeys(objectKeys.fullExportPrefix(tenant.tenantId, exportId))).toHaveLength(1);
  });

  it('EXP-1 AUD-3 downloads through a 303 to a short-lived presigned link, recorded as a disclosure', async () => {
    const reply = await download(tenant.key, exportId);
    expect(reply.status, JSON.stringify(reply.body)).toBe(303);
    const location = reply.headers.get('location')!;
    expect(reply.body.url).toBe(location);
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('300');
    const file = await fetch(location);
    expect(file.status).toBe(200);
    archive = unzip(Buffer.from(await file.arrayBuffer()));
    expect(new URL(location).searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    const items = await allItems();
    expect(items.some((i) => i.type === 'disclosure' && i.reference === `export:${exportId}` && i.kind === 'export-download')).toBe(true);
    expect(items.some((i) => i.type === 'audit' && i.entity === 'export' && i.entityId === exportId && i.action === 'read')).toBe(true);
  });

  it('EXP-1 is a ZIP of one NDJSON file per entity whose lines match the manifest and everything the tenant holds', () => {
    const manifest = JSON.parse(archive.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({ format: 'skrbnik-tenant-export', formatVersion: 1, tenantId: tenant.tenantId, exportId });
    expect([...archive.keys()].sort()).toEqual(['manifest.json', ...manifest.files.map((f: Item) => f.name)].sort());
    for (const file of manifest.files) expect(linesOf(archive.get(file.name)), file.name).toHaveLength(file.lines);
    // Every item of the tenant's key space but lookups, idempotency records and export records, by type.
    const expected: Record<string, number> = {};
    for (const item of snapshot) {
      if (['lookup', 'idempotency', 'export'].includes(item.type as string)) continue;
      expected[item.type as string] = (expected[item.type as string] ?? 0) + 1;
    }
    expect(Object.fromEntries(manifest.files.map((f: Item) => [f.entity, f.lines]))).toEqual(expected);
    const versions = linesOf(archive.get('subject-version.ndjson'));
    expect(versions.length).toBe(6); // three subjects created and changed; the erased one's versions are gone
    expect(linesOf(archive.get('subject-tombstone.ndjson'))).toHaveLength(1);
  });

  it('EXP-1 holds no secret: no API key hash, no lookup HMAC, no storage key', () => {
    const secrets = snapshot.flatMap((i) => [i.secretHash, ...((i.lookups as { hmac: string }[] | undefined) ?? []).map((l) => l.hmac)]).filter((v): v is string => typeof v === 'string');
    expect(secrets.length).toBeGreaterThan(3);
    for (const [name, content] of archive) {
      const text = content.toString('utf8');
      for (const secret of secrets) expect(text, name).not.toContain(secret);
      for (const line of name.endsWith('.ndjson') ? linesOf(content) : []) {
        expect(Object.keys(line).filter((k) => /^(pk|sk|gsi1pk|gsi1sk|ttl|lookups)$|hash|hmac|secret/i.test(k)), name).toEqual([]);
      }
    }
  });

  it('TEN-3 EXP-1 another tenant can neither see nor download it', async () => {
    expect((await request(ctx.api, 'GET', `/v1/exports/${exportId}`, { token: other.key })).status).toBe(404);
    expect((await download(other.key, exportId)).status).toBe(404);
    expect((await request(ctx.api, 'GET', '/v1/exports', { token: other.key })).body.items).toEqual([]);
  });

  it('EXP-2 is deleted by the job after seven days: the object is gone and a download answers 410', async () => {
    const record = (await exportStore(TenantScope.named(tenant.tenantId)).get(exportId))!;
    const early = await runExports(new Date(Date.parse(record.expiresAt!) - 60_000), UNLIMITED);
    expect(early.expired).toBe(0);
    const summary = await runExports(new Date(Date.parse(record.expiresAt!) + 60_000), UNLIMITED);
    expect(summary.expired).toBe(1);
    expect(await bucketKeys(objectKeys.fullExportPrefix(tenant.tenantId, exportId))).toEqual([]);
    const reply = await download(tenant.key, exportId);
    expect(reply.status).toBe(410);
    expect(reply.body.type).toBe('/problems/export-gone');
    expect((await request(ctx.api, 'GET', `/v1/exports/${exportId}`, { token: tenant.key })).body).toMatchObject({ state: 'expired' });
  });
});

describe('a crashed production', () => {
  it('EXP-1 SEC-5 is taken over after its lease and yields one valid ZIP and one record', async () => {
    const reply = await request(ctx.api, 'POST', '/v1/exports', { token: other.key });
    const exportId = reply.body.id as string;
    const store = exportStore(TenantScope.named(other.tenantId));
    const now = new Date();
    // What a run leaves when it dies: the export running under its lease, and a finished object of its own.
    const crashedRun = newId(now);
    await exportTransitions.claim((await store.get(exportId))!, crashedRun, now, new Date(now.getTime() + LEASE_MS));
    await putObject(objectKeys.fullExport(other.tenantId, exportId, crashedRun), 'half a zip', 'application/zip');

    expect(await runExports(new Date(now.getTime() + 60_000), UNLIMITED)).toMatchObject({ produced: 0 });
    const later = await runExports(new Date(now.getTime() + LEASE_MS + 60_000), UNLIMITED);
    expect(later).toMatchObject({ produced: 1, errors: 0 });

    const record = (await store.get(exportId))!;
    expect(record).toMatchObject({ state: 'ready', attempts: 2 });
    expect(await bucketKeys(objectKeys.fullExportPrefix(other.tenantId, exportId))).toEqual([record.objectKey]);
    expect((await allItems()).filter((i) => i.type === 'export' && i.id === exportId)).toHaveLength(1);
    const link = await request(ctx.api, 'GET', `/v1/exports/${exportId}/download`, { token: other.key });
    const files = unzip(Buffer.from(await (await fetch(link.headers.get('location')!)).arrayBuffer()));
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8')).exportId).toBe(exportId);
  });
});
