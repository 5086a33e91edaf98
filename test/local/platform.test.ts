import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive } from '../support/processes.ts';

async function runningTill(predicate: (output: string) => boolean, child: ReturnType<typeof spawn>, timeoutMs: number) {
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const deadline = Date.now() + timeoutMs;
  while (!predicate(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`platform did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return () => output;
}

describe('npm start', () => {
  it('starts every part, serves the demo tenant, and leaves no process behind on Ctrl-C', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skrbnik-start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--fresh'], {
      env: { ...process.env, SKRBNIK_DATA_DIR: dir, SKRBNIK_API_PORT: '0', SKRBNIK_SES_PORT: '0', SKRBNIK_DYNAMODB_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = await runningTill((o) => o.includes('Stop: Ctrl-C'), child, 60_000);
      const text = output();
      const apiUrl = /API\s+(http:\/\/\S+)\/v1/.exec(text)![1]!;
      const apiKey = /Demo API key\s+(\S+)/.exec(text)![1]!;
      const inbox = /E-mail inbox\s+(\S+)/.exec(text)![1]!;
      const pids = /DynamoDB Local pid (\d+), local SES pid (\d+)/.exec(text)!.slice(1).map(Number);

      const own = await fetch(`${apiUrl}/v1/tenant`, { headers: { Authorization: `Bearer ${apiKey}` } });
      expect(own.status).toBe(200);
      expect((await fetch(inbox)).status).toBe(200);
      expect(pids.every(alive)).toBe(true);

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(pids.filter(alive)).toEqual([]);
      await expect(fetch(`${apiUrl}/v1/openapi.json`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
