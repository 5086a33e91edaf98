import { deflateRawSync } from 'node:zlib';
import { keys } from '../../store/keys.ts';
import type { ExportFile, ExportRecord } from '../../store/exports.ts';
import type { ReadCounter } from '../../store/query.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { exportable, partitionItems, sourceItems, tenantSources } from './contents.ts';
import { crc32 } from './crc32.ts';
import { objectKeys } from './objects.ts';
import { NdjsonSpool } from './spool.ts';
import { uploadStream } from './upload.ts';
import { zipArchive } from './zip.ts';
import type { ZipEntry } from './zip.ts';

/** The version of the format docs/exports.md describes; a reader checks it first. */
export const TENANT_EXPORT_FORMAT = { format: 'skrbnik-tenant-export', formatVersion: 1 } as const;

/** Sources (a partition, or one subject's two) read at the same time; each streams its pages into the spool. */
const SOURCES_AT_ONCE = 8;

/** What a reader is told the export leaves out, and why (docs/exports.md). */
const NOT_INCLUDED = [
  'API keys’ secret hashes and every other secret (hash, HMAC) attribute',
  'blind-index lookup entries (keyed HMACs of e-mail addresses and tax numbers)',
  'idempotency records (24-hour replays of API responses)',
  'export records',
];

export const fileNameOf = (entity: string) => `${entity}.ndjson`;

export interface ProducedExport {
  objectKey: string;
  size: number;
  files: ExportFile[];
  requests: number;
}

/** A small entry compressed in memory (the manifest). */
function inMemoryEntry(name: string, content: string): ZipEntry {
  const bytes = Buffer.from(content, 'utf8');
  const compressed = deflateRawSync(bytes);
  return { name, method: 8, crc32: crc32(bytes), compressedSize: compressed.length, uncompressedSize: bytes.length, data: () => [compressed] };
}

/**
 * obligation: EXP-1 — all of a tenant's data as a ZIP of NDJSON files, one per entity (each item's
 * `type`), and a manifest, streamed into the bucket: pages from DynamoDB go line by line into
 * compressed per-entity files (shared/services/exports/spool.ts), which are then streamed as one
 * archive into a multipart upload. `until` bounds the audit months (the later of the run's time
 * and the clock, as audit entries carry the wall-clock time of their request).
 */
export async function produceTenantExport(record: ExportRecord, runId: string, generatedAt: Date, until: Date): Promise<ProducedExport> {
  const scope = TenantScope.named(record.tenantId);
  const counter: ReadCounter = { requests: 0 };
  const spool = await NdjsonSpool.open();
  try {
    const add = async (item: Record<string, unknown>) => {
      const line = exportable(item);
      if (line) await spool.add(fileNameOf(line.entity), line.value);
    };
    // The tenant's own partition first: its profile says since when audit months exist.
    let createdAt = generatedAt;
    for await (const item of partitionItems(keys.tenantPartition(scope.tenantId), counter)) {
      if (item.sk === keys.tenantProfile(scope.tenantId).sk && typeof item.createdAt === 'string') createdAt = new Date(item.createdAt);
      await add(item);
    }
    const sources = tenantSources(scope, createdAt, until, counter);
    const worker = async () => {
      for (let next = await sources.next(); !next.done; next = await sources.next()) {
        for await (const item of sourceItems(scope, next.value, counter)) await add(item);
      }
    };
    await Promise.all(Array.from({ length: SOURCES_AT_ONCE }, worker));

    const spooled = await spool.finish();
    const files: ExportFile[] = spooled.map(({ entry, lines }) => ({ name: entry.name, entity: entry.name.replace(/\.ndjson$/, ''), lines, bytes: entry.uncompressedSize }));
    const manifest = {
      ...TENANT_EXPORT_FORMAT,
      tenantId: record.tenantId,
      exportId: record.id,
      generatedAt: generatedAt.toISOString(),
      files,
      totalLines: files.reduce((sum, f) => sum + f.lines, 0),
      notIncluded: NOT_INCLUDED,
    };
    const objectKey = objectKeys.fullExport(record.tenantId, record.id, runId);
    const entries = [inMemoryEntry('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`), ...spooled.map((f) => f.entry)];
    const size = await uploadStream(objectKey, zipArchive(entries, generatedAt), 'application/zip');
    return { objectKey, size, files, requests: counter.requests };
  } finally {
    await spool.close();
  }
}
