import { s3Api } from '../../clients/s3.ts';
import { runtime } from '../../config/runtime.ts';
import { assertId } from '../../store/keys.ts';

/*
 * The export bucket's keys and the plain object calls, which an erasure or a tenant deletion
 * needs; the streamed upload (upload.ts) and the presigned download (download-url.ts) live apart,
 * so those functions load neither.
 */

/**
 * Where exports live in the bucket. Every key starts with the tenant's prefix, so a tenant
 * deletion removes them all by listing one prefix; keys hold ids only, never a personal value.
 */
export const objectKeys = {
  tenantPrefix: (tenantId: string) => `tenants/${assertId(tenantId, 'tenant')}/`,
  subjectPrefix: (tenantId: string, subjectId: string) => `${objectKeys.tenantPrefix(tenantId)}subjects/${assertId(subjectId, 'subject')}/`,
  fullExportPrefix: (tenantId: string, exportId: string) => `${objectKeys.tenantPrefix(tenantId)}exports/${assertId(exportId, 'export')}/`,
  /** One object per production run: a rerun after a crash never collides with a half-written one. */
  fullExport: (tenantId: string, exportId: string, runId: string) => `${objectKeys.fullExportPrefix(tenantId, exportId)}${assertId(runId, 'run')}.zip`,
  subjectExport: (tenantId: string, subjectId: string, exportId: string) => `${objectKeys.subjectPrefix(tenantId, subjectId)}${assertId(exportId, 'export')}.json`,
};

export async function putObject(key: string, body: string, contentType: string): Promise<number> {
  const { client, sdk } = await s3Api();
  await client.send(new sdk.PutObjectCommand({ Bucket: runtime.exportBucket, Key: key, Body: body, ContentType: contentType }));
  return Buffer.byteLength(body);
}

/** Deleting a key that is already gone succeeds: every caller may be a rerun. */
export async function deleteObject(key: string): Promise<void> {
  const { client, sdk } = await s3Api();
  await client.send(new sdk.DeleteObjectCommand({ Bucket: runtime.exportBucket, Key: key }));
}

/** Every object key under `prefix`, page by page. */
export async function* objectsUnder(prefix: string): AsyncGenerator<string> {
  const { client, sdk } = await s3Api();
  let token: string | undefined;
  do {
    const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: runtime.exportBucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}

/** One DeleteObjects request takes at most this many keys. */
const DELETE_BATCH = 1000;

/** Deletes every object under `prefix` (a tenant's or a subject's), a thousand per request; returns how many. */
export async function deleteObjectsUnder(prefix: string): Promise<number> {
  let deleted = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const { client, sdk } = await s3Api();
    const { Errors = [] } = await client.send(
      new sdk.DeleteObjectsCommand({ Bucket: runtime.exportBucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
    );
    // Keys only, never a personal value: the caller's rerun deletes what is left.
    if (Errors.length > 0) throw new Error(`${Errors.length} of ${batch.length} objects not deleted under ${prefix}: ${Errors[0]!.Code}`);
    deleted += batch.length;
    batch = [];
  };
  for await (const key of objectsUnder(prefix)) {
    batch.push(key);
    if (batch.length === DELETE_BATCH) await flush();
  }
  await flush();
  return deleted;
}
