import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();

/**
 * Registers a server child: if this process ends without stopping it — an uncaught error, an
 * early `process.exit` — the child is killed on the way out instead of living on as an orphan.
 */
export function ownChild(child: ChildProcess): ChildProcess {
  if (children.size === 0) process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));
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

/** Polls `ready` until it resolves true, or fails after `timeoutMs` naming what never came up. */
export async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
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
