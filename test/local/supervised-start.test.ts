import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive, until } from '../support/processes.ts';

/*
 * obligation: SEC-5 — `npm start` under faults: a killed DynamoDB Local comes back on its port
 * and data folder while the platform runs on; a part that cannot come back stops everything.
 */

function collect(child: ChildProcess): () => string {
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  return () => output;
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

function banner(text: string) {
  const pids = /DynamoDB Local pid (\d+), local SES pid (\d+), local S3 pid (\d+)/.exec(text)!.slice(1).map(Number);
  return {
    apiUrl: /API\s+(http:\/\/\S+)\/v1/.exec(text)![1]!,
    apiKey: /Demo API key\s+(\S+)/.exec(text)![1]!,
    sesPort: Number(/E-mail inbox\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(text)![1]),
    dynamoPid: pids[0]!,
    sesPid: pids[1]!,
    s3Pid: pids[2]!,
  };
}

const PORTS = { SKRBNIK_API_PORT: '0', SKRBNIK_SES_PORT: '0', SKRBNIK_DYNAMODB_PORT: '0', SKRBNIK_S3_PORT: '0' };

describe('npm start, supervised', () => {
  it('SEC-5 restarts a killed DynamoDB Local on the same data folder: the API fails meanwhile and answers with the data of before once it is back; SIGINT to npm itself then stops everything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skrbnik-supervised-'));
    // `npm start` itself, so the signal below goes to npm, not to the platform's own process.
    const child = spawn('npm', ['start', '--', '--fresh'], { env: { ...process.env, SKRBNIK_DATA_DIR: dir, ...PORTS }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collect(child);
    try {
      await until('start', () => output().includes('Stop: Ctrl-C'), 90_000, output);
      const { apiUrl, apiKey, dynamoPid, sesPid, s3Pid } = banner(output());
      const own = () => fetch(`${apiUrl}/v1/tenant`, { headers: { Authorization: `Bearer ${apiKey}` } });
      expect((await own()).status).toBe(200);

      process.kill(dynamoPid, 'SIGKILL');
      await until('DynamoDB Local gone', () => !alive(dynamoPid), 5000);
      expect((await own()).status).toBeGreaterThanOrEqual(500);
      await until('DynamoDB Local back', () => output().includes('DynamoDB Local is back'), 60_000, output);
      expect(output()).toMatch(/\[supervisor\] \S+Z DynamoDB Local killed by SIGKILL; restarting in 1 s \(restart 1 of at most 5 in a row\)/);
      const newPid = Number(/DynamoDB Local is back \(pid (\d+)\), [\d.]+ m?s after it ended/.exec(output())![1]);
      expect(alive(newPid)).toBe(true);
      // The demo tenant was written before the kill: it is read back from the data folder.
      expect((await own()).status).toBe(200);

      const asked = Date.now();
      child.kill('SIGINT');
      expect(await exitOf(child)).toBe(0);
      expect(Date.now() - asked).toBeLessThan(10_000);
      expect(output()).toContain('Skrbnik stopped.');
      expect([newPid, sesPid, s3Pid].filter(alive)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('SEC-5 a part that keeps failing to come back (its port taken) stops the platform with a clear message and exit code 1, leaving no process behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skrbnik-supervised-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--fresh'], {
      env: { ...process.env, SKRBNIK_DATA_DIR: dir, ...PORTS, SKRBNIK_RESTART_BACKOFF_MS: '300', SKRBNIK_RESTART_LIMIT: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = collect(child);
    const squatter = createServer();
    try {
      await until('start', () => output().includes('Stop: Ctrl-C'), 90_000, output);
      const { sesPort, sesPid, dynamoPid, s3Pid } = banner(output());
      process.kill(sesPid, 'SIGKILL');
      await until('local SES gone', () => !alive(sesPid), 5000);
      await new Promise<void>((resolve, reject) => squatter.once('error', reject).listen(sesPort, '127.0.0.1', resolve));

      expect(await exitOf(child)).toBe(1);
      expect(output()).toMatch(
        /\[supervisor\] \S+Z local SES could not be brought back: 3 restarts in a row failed \(last: failed to restart: local SES exited with code 1 before it was ready\); stopping the platform/,
      );
      expect(output()).toContain('Skrbnik stopped: local SES could not be brought back');
      expect([dynamoPid, s3Pid].filter(alive)).toEqual([]);
    } finally {
      squatter.close();
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
