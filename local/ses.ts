import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { childReady, exitOf, freePort, ownChild, stopProcess } from './processes.ts';

export interface LocalSes {
  /** SES API endpoint and web inbox (`/`); `/store` lists every message as JSON. */
  endpoint: string;
  pid: number;
  /** Resolves when the process has ended, saying how (a supervisor restarts it: local/supervisor.ts). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** aws-ses-v2-local in its own process, so stopping the platform stops it with certainty. */
export async function startSes(options: { port?: number } = {}): Promise<LocalSes> {
  const port = options.port ?? (await freePort());
  const cli = require.resolve('aws-ses-v2-local/dist/cli.js');
  const child = ownChild(spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore' }));
  const endpoint = `http://127.0.0.1:${port}`;
  await childReady('local SES', child, async () => (await fetch(`${endpoint}/health-check`)).ok, 20_000);
  return { endpoint, pid: child.pid!, exited: exitOf(child), stop: () => stopProcess(child) };
}

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  replyTo?: string[];
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** Every message the local SES received: what tests read back. */
export async function readInbox(endpoint: string): Promise<StoredEmail[]> {
  const response = await fetch(`${endpoint}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails;
}
