import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { childReady, exitOf, freePort, ownChild, stopProcess } from './processes.ts';

/** The export bucket's name on the local platform (the stack names its own). */
export const LOCAL_EXPORT_BUCKET = 'skrbnik-exports-local';

export interface LocalS3 {
  /** The S3 API endpoint (path-style buckets). */
  endpoint: string;
  bucket: string;
  pid: number;
  /** Resolves when the process has ended, saying how (a supervisor restarts it: local/supervisor.ts). */
  exited: Promise<string>;
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
  await childReady('local S3', child, async () => (await fetch(`${endpoint}/${LOCAL_EXPORT_BUCKET}`)).status < 500, 20_000);
  return { endpoint, bucket: LOCAL_EXPORT_BUCKET, pid: child.pid!, exited: exitOf(child), stop: () => stopProcess(child) };
}
