import { inflateRawSync } from 'node:zlib';
import type { LocalApi } from '../../local/api-server.ts';
import { s3Api } from '../../shared/clients/s3.ts';
import { runtime } from '../../shared/config/runtime.ts';
import { newId } from '../../shared/ids.ts';
import { runExports } from '../../shared/services/exports/exports-job.ts';
import { crc32 } from '../../shared/services/exports/crc32.ts';
import { buildSubjectDocument, storeSubjectExport } from '../../shared/services/exports/subject-export.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { request } from './api.ts';

/** A job run without a time limit, as `npm run job` runs it locally. */
export const UNLIMITED = { remainingMs: () => Number.MAX_SAFE_INTEGER };

/**
 * A ready full export (requested over HTTP, produced by the `exports` job) and a data subject's
 * export with its public link's token, for the route samples.
 */
export async function seedExports(api: LocalApi, tenant: { key: string; tenantId: string; subjectId: string }): Promise<{ exportId: string; exportToken: string }> {
  const requested = await request(api, 'POST', '/v1/exports', { token: tenant.key });
  if (requested.status !== 202) throw new Error(`export not requested: ${requested.status} ${JSON.stringify(requested.body)}`);
  await runExports(new Date(), UNLIMITED);
  const scope = TenantScope.named(tenant.tenantId);
  const stored = await storeSubjectExport(scope, tenant.subjectId, await buildSubjectDocument(scope, tenant.subjectId), { requestId: newId(new Date()), now: new Date() });
  return { exportId: requested.body.id, exportToken: stored.downloadUrl.split('/').at(-1)! };
}

/** Every object key in the export bucket under `prefix`, as the S3 server lists them. */
export async function bucketKeys(prefix: string): Promise<string[]> {
  const { client, sdk } = await s3Api();
  const listed = await client.send(new sdk.ListObjectsV2Command({ Bucket: runtime.exportBucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!);
}

export async function objectBytes(key: string): Promise<Buffer> {
  const { client, sdk } = await s3Api();
  const object = await client.send(new sdk.GetObjectCommand({ Bucket: runtime.exportBucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

/**
 * Reads a ZIP the way an unzip tool does — from the end record through the central directory to
 * each local header — inflating every entry and checking its CRC-32 and sizes.
 */
export function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory header');
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const compressed = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const extra = archive.readUInt16LE(at + 30);
    const comment = archive.readUInt16LE(at + 32);
    const offset = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (archive.readUInt32LE(offset) !== 0x04034b50) throw new Error(`bad local header of ${name}`);
    const dataStart = offset + 30 + archive.readUInt16LE(offset + 26) + archive.readUInt16LE(offset + 28);
    const data = archive.subarray(dataStart, dataStart + compressed);
    const content = method === 8 ? inflateRawSync(data) : Buffer.from(data);
    if (content.length !== size || crc32(content) !== crc) throw new Error(`${name}: size or CRC-32 does not match`);
    files.set(name, content);
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

/** The NDJSON lines of a file, parsed. */
export function linesOf(file: Buffer | undefined): Record<string, unknown>[] {
  if (!file) return [];
  return file.toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}
