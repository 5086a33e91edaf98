import type { S3Client } from '@aws-sdk/client-s3';
import { runtime } from '../config/runtime.ts';
import { CLIENT_BUDGETS, clientConfig } from './endpoint.ts';

/**
 * The credentials s3rver accepts out of the box: it refuses requests, presigned URLs included,
 * whose access key it does not know (SigV4 signatures themselves it does not recompute).
 */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

function s3Config() {
  const endpoint = runtime.s3Endpoint;
  if (endpoint === undefined) return {};
  return {
    ...clientConfig(endpoint, CLIENT_BUDGETS.s3),
    credentials: LOCAL_S3_CREDENTIALS,
    // s3rver serves buckets by path, and stores a body sent with the SDK's default streaming
    // checksums (aws-chunked framing) as it came: checksums only where S3 requires them.
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
  };
}

type S3Sdk = typeof import('@aws-sdk/client-s3');
let api: Promise<{ client: S3Client; sdk: S3Sdk }> | undefined;

/**
 * The one S3 client of a function, with the SDK's commands: the export bucket in the cloud,
 * s3rver on the local platform. Loaded on first use, so a function that may touch the bucket
 * (an erasure) pays for it only then, and its cold start not at all.
 */
export function s3Api(): Promise<{ client: S3Client; sdk: S3Sdk }> {
  api ??= import('@aws-sdk/client-s3').then((sdk) => ({ client: new sdk.S3Client(s3Config()), sdk }));
  return api;
}
