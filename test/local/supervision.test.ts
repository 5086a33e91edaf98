import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { alive, until } from '../support/processes.ts';
import { JOBS } from '../../shared/jobs/jobs.ts';
import { newSecretKey } from '../../local/data-dir.ts';
import { startPlatform } from '../../local/platform.ts';
import { childReady, exitOf, ownChild, stopProcess } from '../../local/processes.ts';
import { startScheduler } from '../../local/scheduler.ts';
import { seedDemoTenant } from '../../local/seed.ts';
import { Supervisor } from '../../local/supervisor.ts';

/*
 * obligation: SEC-5 — a crashed part of the local platform comes back by itself, with backoff,
 * saying so; one that cannot come back stops the platform; a deliberate stop is never fought.
 */

/** A stand-in server child: a node process that runs until killed. */
async function sleeper() {
  const child = ownChild(spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }));
  await until('sleeper', () => child.pid !== undefined, 5000);
  return { pid: child.pid!, exited: exitOf(child), stop: () => stopProcess(child) };
}

/** A child that dies before it is ready, as a server whose port is taken does. */
async function dying(): Promise<never> {
  const child = ownChild(spawn(process.execPath, ['-e', 'process.exit(3)'], { stdio: 'ignore' }));
  await childReady('fake server', child, async () => false, 10_000);
  throw new Error('unreachable');
}

describe('the supervisor', () => {
  it('SEC-5 restarts a part that was killed, saying which part, why and when it is back; a stop afterwards is not fought', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({ backoffMs: 50, log: (l) => lines.push(l), giveUp: () => expect.fail('gave up') });
    const part = await supervisor.supervise('fake server', sleeper, (p) => `pid ${p.pid}`);
    const first = part.current().pid;
    process.kill(first, 'SIGKILL');
    await until('restart', () => lines.some((l) => l.includes('is back')), 10_000);
    const second = part.current().pid;
    expect(second).not.toBe(first);
    expect(alive(second)).toBe(true);
    expect(lines[0]).toMatch(/^\[supervisor\] \S+Z fake server killed by SIGKILL; restarting in 50 ms \(restart 1 of at most 5 in a row\)$/);
    expect(lines[1]).toMatch(new RegExp(`^\\[supervisor\\] \\S+Z fake server is back \\(pid ${second}\\), \\d+ ms after it ended$`));

    supervisor.halt();
    await part.stop();
    expect(alive(second)).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(lines).toHaveLength(2);
  });

  it('SEC-5 waits longer before each restart in a row, and gives a part up after the limit with one clear message', async () => {
    const lines: string[] = [];
    const givenUp: Error[] = [];
    const supervisor = new Supervisor({ backoffMs: 40, maxRestarts: 3, log: (l) => lines.push(l), giveUp: (e) => givenUp.push(e) });
    let starts = 0;
    const part = await supervisor.supervise('fake server', () => (starts++ === 0 ? sleeper() : dying()), (p) => `pid ${p.pid}`);
    process.kill(part.current().pid, 'SIGKILL');
    await until('giving up', () => givenUp.length > 0, 15_000);
    expect(lines.map((l) => l.replace(/^\[supervisor\] \S+ /, ''))).toEqual([
      'fake server killed by SIGKILL; restarting in 40 ms (restart 1 of at most 3 in a row)',
      'fake server failed to restart: fake server exited with code 3 before it was ready; restarting in 80 ms (restart 2 of at most 3 in a row)',
      'fake server failed to restart: fake server exited with code 3 before it was ready; restarting in 160 ms (restart 3 of at most 3 in a row)',
      'fake server could not be brought back: 3 restarts in a row failed (last: failed to restart: fake server exited with code 3 before it was ready); stopping the platform',
    ]);
    expect(givenUp.map((e) => e.message)).toEqual([
      'fake server could not be brought back: 3 restarts in a row failed (last: failed to restart: fake server exited with code 3 before it was ready)',
    ]);
    expect(starts).toBe(4);
  });

  it('SEC-5 a deliberate stop during the wait for a restart ends the wait: nothing is started again', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({ backoffMs: 500, log: (l) => lines.push(l), giveUp: () => expect.fail('gave up') });
    let starts = 0;
    const part = await supervisor.supervise('fake server', () => (starts++, sleeper()), (p) => `pid ${p.pid}`);
    process.kill(part.current().pid, 'SIGKILL');
    await until('the wait', () => lines.length === 1, 5000);
    const stopped = Date.now();
    supervisor.halt();
    await part.stop();
    expect(Date.now() - stopped).toBeLessThan(400);
    await new Promise((r) => setTimeout(r, 700));
    expect(starts).toBe(1);
    expect(lines).toHaveLength(1);
  });

  it("SEC-5 the scheduler's loop crashing (planning a run throws) is a crash: it is started again and plans every job", async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({ backoffMs: 20, log: (l) => lines.push(l), giveUp: () => expect.fail('gave up') });
    const later = new Date(Date.now() + 86_400_000);
    let calls = 0;
    // The first job comes due at once; planning its next run throws, once. No job runs.
    const nextRun = () => {
      calls++;
      if (calls === 1) return new Date(Date.now() + 10);
      if (calls === JOBS.length + 1) throw new Error('no next run');
      return later;
    };
    const ran: string[] = [];
    const part = await supervisor.supervise('scheduler', async () => startScheduler((job) => ran.push(job), { nextRun }), () => 'every job planned again');
    await until('restart', () => lines.some((l) => l.includes('is back')), 5000);
    expect(lines[0]).toContain('scheduler crashed: no next run; restarting in 20 ms');
    expect(part.current().next()).toHaveLength(JOBS.length);
    expect(ran).toEqual([]);
    supervisor.halt();
    await part.stop();
  });
});

describe('a supervised platform', () => {
  it('SEC-5 after DynamoDB Local (in memory) is killed, the API fails meanwhile and answers again once it is back, with the table made again; a closed API server listens again', { timeout: 120_000 }, async () => {
    const lines: string[] = [];
    const platform = await startPlatform({
      operatorToken: 'op-test',
      secrets: { blindIndexKey: newSecretKey(), linkSigningKey: newSecretKey() },
      supervision: { backoffMs: 500, log: (l) => lines.push(l), giveUp: (e) => expect.fail(e.message) },
    });
    try {
      await seedDemoTenant(platform.api.url, 'op-test', 'before');
      const killed = platform.dynamo.pid;
      process.kill(killed, 'SIGKILL');
      await until('DynamoDB Local gone', () => !alive(killed), 5000);
      await expect(seedDemoTenant(platform.api.url, 'op-test', 'meanwhile')).rejects.toThrow(/Seeding failed: 5\d\d/);
      await until('DynamoDB Local back', () => lines.some((l) => l.includes('DynamoDB Local is back')), 60_000);
      expect(lines[0]).toMatch(/DynamoDB Local killed by SIGKILL; restarting in 500 ms/);
      expect(platform.dynamo.pid).not.toBe(killed);
      const after = await seedDemoTenant(platform.api.url, 'op-test', 'after');
      const own = await fetch(`${platform.api.url}/v1/tenant`, { headers: { Authorization: `Bearer ${after.apiKey}` } });
      expect(own.status).toBe(200);

      platform.api.server.closeAllConnections();
      platform.api.server.close();
      await until('API server back', () => lines.some((l) => l.includes('API server is back')), 10_000);
      expect(lines.find((l) => l.includes('API server stopped listening'))).toMatch(/restarting in 500 ms/);
      expect((await fetch(`${platform.api.url}/v1/openapi.json`)).status).toBe(200);
    } finally {
      await platform.stop();
    }
    const { pid } = platform.dynamo;
    expect(alive(pid)).toBe(false);
  });
});
