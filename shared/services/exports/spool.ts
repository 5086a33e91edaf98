import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw } from 'node:zlib';
import type { DeflateRaw } from 'node:zlib';
import { crc32 } from './crc32.ts';
import type { ZipEntry } from './zip.ts';

/** Lines are gathered up to this many bytes per file before they go to its compressor. */
const BATCH_BYTES = 64 * 1024;

interface OpenFile {
  name: string;
  lines: number;
  crc: number;
  uncompressed: number;
  batch: string[];
  batchBytes: number;
  deflate: DeflateRaw;
  written: Promise<void>;
  output: ReturnType<typeof createWriteStream>;
  path: string;
}

/** One finished file: its ZIP entry and how many lines it holds. */
export interface SpooledFile {
  entry: ZipEntry;
  lines: number;
}

/**
 * NDJSON files, one per entity, compressed as they are written. DynamoDB returns a tenant's items
 * partition by partition, entities interleaved (a subject, its versions, its consents), while a
 * ZIP needs each entry's bytes in one piece: every line goes through its file's raw-deflate
 * stream into a temporary file (with its CRC-32 and sizes counted on the way), and the archive is
 * put together from the compressed files afterwards. Memory stays at one batch and one
 * compressor per file, whatever the tenant's size; the disk holds the compressed data only.
 */
export class NdjsonSpool {
  private readonly files = new Map<string, OpenFile>();
  private constructor(private readonly dir: string) {}

  static async open(): Promise<NdjsonSpool> {
    return new NdjsonSpool(await mkdtemp(join(tmpdir(), 'skrbnik-export-')));
  }

  async add(fileName: string, value: unknown): Promise<void> {
    const file = this.files.get(fileName) ?? this.create(fileName);
    const line = `${JSON.stringify(value)}\n`;
    file.batch.push(line);
    file.batchBytes += line.length;
    file.lines++;
    if (file.batchBytes >= BATCH_BYTES) await this.flush(file);
  }

  /** Closes every file; entries come in name order, so the archive's layout does not depend on read order. */
  async finish(): Promise<SpooledFile[]> {
    const files = [...this.files.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const file of files) {
      await this.flush(file);
      file.deflate.end();
      await file.written;
    }
    return files.map((file) => ({
      lines: file.lines,
      entry: {
        name: file.name,
        method: 8,
        crc32: file.crc,
        compressedSize: file.output.bytesWritten,
        uncompressedSize: file.uncompressed,
        data: () => createReadStream(file.path),
      },
    }));
  }

  /** Removes the temporary files, whatever happened. */
  async close(): Promise<void> {
    for (const file of this.files.values()) file.deflate.destroy();
    await rm(this.dir, { recursive: true, force: true });
  }

  private create(name: string): OpenFile {
    const path = join(this.dir, `${this.files.size}.deflate`);
    const deflate = createDeflateRaw({ level: 6 });
    const output = createWriteStream(path);
    const file: OpenFile = { name, lines: 0, crc: 0, uncompressed: 0, batch: [], batchBytes: 0, deflate, output, path, written: pipeline(deflate, output) };
    // A failure surfaces where the file is finished; until then it must not go unhandled.
    file.written.catch(() => undefined);
    this.files.set(name, file);
    return file;
  }

  private async flush(file: OpenFile): Promise<void> {
    if (file.batch.length === 0) return;
    const bytes = Buffer.from(file.batch.join(''), 'utf8');
    file.batch = [];
    file.batchBytes = 0;
    file.crc = crc32(bytes, file.crc);
    file.uncompressed += bytes.length;
    if (!file.deflate.write(bytes)) await once(file.deflate, 'drain');
  }
}
