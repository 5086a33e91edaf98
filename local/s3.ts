import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freePort, ownChild, stopProcess, waitUntil } from './processes.ts';

/** The export bucket's name on the local platform (the stack names its own). */
export const LOCAL_EXPORT_BUCKET = 'skrbnik-exports-local';

export interface LocalS3 {
  /** The S3 API endpoint (path-style buckets). */
  endpoint: string;
  bucket: string;
  pid: number;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

/**
 * s3rver — a real S3-compatible server that checks signatures, multipart uploads and presigned
 * URLs — in its own process, keeping its objects as files under `dataDir`. The export bucket is
 * created at start.
 */
export async function startS3(options: { dataDir: string; port?: number }): Promise<LocalS3> {
  const port = options.port ?? (await freePort());
  mkdirSync(options.dataDir, { recursive: true });
  const cli = require.resolve('s3rver/bin/s3rver.js');
  const args = [cli, '--directory', options.dataDir, '--address', '127.0.0.1', '--port', String(port), '--silent', '--no-vhost-buckets', '--configure-bucket', LOCAL_EXPORT_BUCKET];
  const child = ownChild(spawn(process.execPath, args, { stdio: 'ignore' }));
  const endpoint = `http://127.0.0.1:${port}`;
  // Any answer from the bucket (its listing needs a signature, so 403) means the server is up.
  await waitUntil('local S3', async () => (await fetch(`${endpoint}/${LOCAL_EXPORT_BUCKET}`)).status < 500, 20_000).catch(async (error) => {
    await stopProcess(child);
    throw error;
  });
  return { endpoint, bucket: LOCAL_EXPORT_BUCKET, pid: child.pid!, stop: () => stopProcess(child) };
}
