import type { Readable } from 'node:stream';

/**
 * A minimal ZIP writer (APPNOTE 6.3: local headers, central directory, end record; deflate or
 * stored; UTF-8 names). Each entry arrives already compressed, with its CRC-32 and sizes known,
 * so headers are written up front, no data descriptors are needed, and the archive streams out
 * in one pass with only one chunk of one entry in memory at a time.
 */
export interface ZipEntry {
  name: string;
  /** 8: deflate (raw), 0: stored. */
  method: 0 | 8;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** The entry's compressed bytes, exactly `compressedSize` of them. */
  data: () => Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** Sizes and offsets are 32-bit without ZIP64; an export past them fails rather than corrupts. */
const LIMIT = 0xfffffffe;
const UTF8_NAMES = 0x0800;
const VERSION = 20;

/** DOS date and time (2-second precision, years from 1980), from the UTC fields. */
function dosDateTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

function checkLimit(value: number, what: string): void {
  if (value > LIMIT) throw new Error(`The export is too large for a ZIP without ZIP64 (${what})`);
}

function localHeader(entry: ZipEntry, name: Buffer, stamp: { time: number; date: number }): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(VERSION, 4);
  header.writeUInt16LE(UTF8_NAMES, 6);
  header.writeUInt16LE(entry.method, 8);
  header.writeUInt16LE(stamp.time, 10);
  header.writeUInt16LE(stamp.date, 12);
  header.writeUInt32LE(entry.crc32, 14);
  header.writeUInt32LE(entry.compressedSize, 18);
  header.writeUInt32LE(entry.uncompressedSize, 22);
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, name]);
}

function centralHeader(entry: ZipEntry, name: Buffer, stamp: { time: number; date: number }, offset: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE((3 << 8) | VERSION, 4); // made by: Unix, so the mode below applies
  header.writeUInt16LE(VERSION, 6);
  header.writeUInt16LE(UTF8_NAMES, 8);
  header.writeUInt16LE(entry.method, 10);
  header.writeUInt16LE(stamp.time, 12);
  header.writeUInt16LE(stamp.date, 14);
  header.writeUInt32LE(entry.crc32, 16);
  header.writeUInt32LE(entry.compressedSize, 20);
  header.writeUInt32LE(entry.uncompressedSize, 24);
  header.writeUInt16LE(name.length, 28);
  // extra field, comment, disk number, internal attributes: none
  header.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
  header.writeUInt32LE(offset, 42);
  return Buffer.concat([header, name]);
}

function endRecord(count: number, size: number, offset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return end;
}

/** The archive's bytes, entry by entry, then the central directory. */
export async function* zipArchive(entries: readonly ZipEntry[], modified: Date): AsyncGenerator<Buffer> {
  if (entries.length > 0xfffe) throw new Error('Too many entries for a ZIP without ZIP64');
  const stamp = dosDateTime(modified);
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    checkLimit(entry.compressedSize, entry.name);
    checkLimit(entry.uncompressedSize, entry.name);
    checkLimit(offset, 'offset');
    const name = Buffer.from(entry.name, 'utf8');
    central.push(centralHeader(entry, name, stamp, offset));
    const header = localHeader(entry, name, stamp);
    yield header;
    offset += header.length;
    let written = 0;
    for await (const chunk of entry.data()) {
      written += chunk.length;
      yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    }
    if (written !== entry.compressedSize) throw new Error(`Entry ${entry.name} is ${written} bytes, not ${entry.compressedSize}`);
    offset += written;
  }
  const directory = Buffer.concat(central);
  checkLimit(offset + directory.length, 'central directory');
  yield directory;
  yield endRecord(entries.length, directory.length, offset);
}
