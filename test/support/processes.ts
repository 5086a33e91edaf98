/** Whether a process with this pid still runs (signal 0 tests without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `predicate` holds, polling every 20 ms; fails after `timeoutMs` with `output()` appended. */
export async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs: number, output = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms${output() === '' ? '' : `:\n${output()}`}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
