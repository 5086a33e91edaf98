import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
let hooked = false;

/**
 * Registers a server child: if this process ends without stopping it — an uncaught error, an
 * early `process.exit` — the child is killed on the way out instead of living on as an orphan.
 */
export function ownChild(child: ChildProcess): ChildProcess {
  // Once per process, however often a supervisor starts a child again.
  if (!hooked) process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));
  hooked = true;
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
import { createServer } from 'node:net';

/** A port the OS says is free now, for parts that need one named up front (the JVM). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Polls `ready` until it resolves true, or fails after `timeoutMs` naming what never came up.
 * Polling ends early, quietly, once `given.up` is set.
 */
export async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs: number, given: { up: boolean } = { up: false }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (given.up) return;
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How a child ended, for the console: `exited with code 1`, `killed by SIGKILL`. */
function howItEnded(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exited with code ${code}`;
}

/** Resolves, never rejects, when the child has exited, saying how (see `howItEnded`). */
export function exitOf(child: ChildProcess): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(howItEnded(child.exitCode, child.signalCode));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(howItEnded(code, signal))));
}

/**
 * Waits until a server child answers (`ready`), and fails at once if it exits first (a port
 * taken, a missing runtime) instead of polling a dead process until `timeoutMs`. On failure the
 * child is stopped.
 */
export async function childReady(what: string, child: ChildProcess, ready: () => Promise<boolean>, timeoutMs: number, hint = ''): Promise<void> {
  const died = exitOf(child).then((how) => {
    throw new Error(`${what} ${how} before it was ready${hint}`);
  });
  // An exit after it was ready is no failure to start (a supervisor watches for that).
  died.catch(() => undefined);
  const given = { up: false };
  try {
    await Promise.race([waitUntil(what, ready, timeoutMs, given), died]);
  } catch (error) {
    given.up = true;
    await stopProcess(child);
    throw error;
  }
}

/**
 * Stops a child and waits for its exit. A JVM may outlive SIGTERM, so after `graceMs` it gets
 * SIGKILL: the platform never leaves a server behind.
 */
export async function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
