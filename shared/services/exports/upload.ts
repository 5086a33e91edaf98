import { Readable } from 'node:stream';
import { s3Api } from '../../clients/s3.ts';
import { runtime } from '../../config/runtime.ts';

/** Multipart parts: S3's minimum is 5 MiB; two in flight bound the upload's memory to about 16 MiB. */
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/** Streams `body` into the bucket as a multipart upload; returns the object's size. */
export async function uploadStream(key: string, body: AsyncIterable<Buffer>, contentType: string): Promise<number> {
  let size = 0;
  const counted = Readable.from(
    (async function* () {
      for await (const chunk of body) {
        size += chunk.length;
        yield chunk;
      }
    })(),
  );
  // Loaded here: only the exports job streams an upload.
  const [{ Upload }, { client }] = await Promise.all([import('@aws-sdk/lib-storage'), s3Api()]);
  const upload = new Upload({
    client,
    params: { Bucket: runtime.exportBucket, Key: key, Body: counted, ContentType: contentType },
    partSize: PART_BYTES,
    queueSize: PARTS_IN_FLIGHT,
    // A failed upload aborts its parts; the bucket's lifecycle rule is the backstop.
    leavePartsOnError: false,
  });
  await upload.done();
  return size;
}

