/**
 * CRC-32 (IEEE 802.3, the checksum ZIP entries carry), computed incrementally over the chunks of
 * a stream. Node 20 has no `zlib.crc32` (it arrives in Node 22), so it is computed here with the
 * usual 256-entry table.
 */
const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** The CRC of everything so far and `chunk`; start with 0. */
export function crc32(chunk: Uint8Array, previous = 0): number {
  let crc = ~previous;
  for (let i = 0; i < chunk.length; i++) crc = TABLE[(crc ^ chunk[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
