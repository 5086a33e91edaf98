import { s3Api } from '../../clients/s3.ts';
import { runtime } from '../../config/runtime.ts';

/** obligation: EXP-1 — a download link lives five minutes; the export itself lives seven days. */
export const DOWNLOAD_LINK_SECONDS = 300;

/**
 * A presigned GET of the object, valid `DOWNLOAD_LINK_SECONDS`: HTTPS to the bucket (which refuses
 * anything else), the object encrypted at rest under the bucket's KMS key (SEC-2).
 */
export async function downloadUrl(key: string, fileName: string): Promise<string> {
  const [{ getSignedUrl }, { client, sdk }] = await Promise.all([import('@aws-sdk/s3-request-presigner'), s3Api()]);
  return getSignedUrl(
    client,
    new sdk.GetObjectCommand({ Bucket: runtime.exportBucket, Key: key, ResponseContentDisposition: `attachment; filename="${fileName}"` }),
    { expiresIn: DOWNLOAD_LINK_SECONDS },
  );
}
