/**
 * obligation: SEC-5 — the local platform comes back after a crash of one of its parts: a part that
 * ends without being asked to is started again, on the same port and data folder (so clients and
 * the environment the handlers read keep working), after a growing wait. One that cannot come
 * back stops the whole platform with a clear message, rather than leaving a platform that answers
 * 500 to everything.
 */

/** A started part, as the supervisor sees it. */
export interface Running {
  /** Resolves when the part has ended, saying how (`killed by SIGKILL`); also after `stop()`. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface SupervisionOptions {
  /**
   * The wait before the first restart; it doubles with every restart in a row (1 s, 2 s, 4 s…).
   *
   * @default 1000
   */
  backoffMs?: number;
  /** @default 30_000 */
  maxBackoffMs?: number;
  /**
   * A part that stayed up this long counts as healthy: its next crash waits `backoffMs` again and
   * starts a new count of restarts.
   *
   * @default 60_000
   */
  healthyAfterMs?: number;
  /**
   * Restarts in a row (each crashing or failing to start within `healthyAfterMs`) after which the
   * part is given up.
   *
   * @default 5
   */
  maxRestarts?: number;
  /**
   * Receives one line per event: a part ended, a restart failed, a part is back, a part is given up.
   *
   * @default console.error
   */
  log?: (line: string) => void;
  /** Called once when a part is given up; the platform then stops everything (local/platform.ts). */
  giveUp: (error: Error) => void;
}

export interface Supervised<T extends Running> {
  /** The part as it runs now (a restart replaces it). */
  current(): T;
  /** Stops the part for good: no restart follows, and a restart under way is undone. */
  stop(): Promise<void>;
}

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);

export class Supervisor {
  private halted = false;
  /** Per part, what ends its wait for a restart early. */
  private readonly wakers = new Set<Set<() => void>>();
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly healthyAfterMs: number;
  private readonly maxRestarts: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: SupervisionOptions) {
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.healthyAfterMs = options.healthyAfterMs ?? 60_000;
    this.maxRestarts = options.maxRestarts ?? 5;
    this.log = options.log ?? ((line) => console.error(line));
  }

  /**
   * A deliberate stop: from now on no part is restarted, and a wait for a restart ends at once.
   * A part that ends during the platform's stop is not a crash.
   */
  halt(): void {
    this.halted = true;
    for (const part of this.wakers) for (const wake of part) wake();
  }

  private say(line: string): void {
    this.log(`[supervisor] ${new Date().toISOString()} ${line}`);
  }

  private sleep(ms: number, wakers: Set<() => void>): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });
  }

  /**
   * Starts a part and keeps it running. `describe` names where a restarted part is (`pid 123`);
   * `afterRestart` runs on every restarted instance before it counts as back (DynamoDB Local: the
   * table again, which an in-memory database has lost).
   */
  async supervise<T extends Running>(
    name: string,
    start: () => Promise<T>,
    describe: (part: T) => string,
    afterRestart?: (part: T) => Promise<void>,
  ): Promise<Supervised<T>> {
    let current = await start();
    let startedAt = Date.now();
    let stopping = false;
    let inRow = 0;
    let restarting: Promise<void> | undefined;
    const wakers = new Set<() => void>();
    this.wakers.add(wakers);
    const over = () => stopping || this.halted;

    const restart = async (how: string) => {
      const endedAt = Date.now();
      if (endedAt - startedAt >= this.healthyAfterMs) inRow = 0;
      let reason = how;
      for (;;) {
        if (over()) return;
        if (inRow >= this.maxRestarts) {
          const message = `${name} could not be brought back: ${inRow} restarts in a row failed (last: ${reason})`;
          this.say(`${message}; stopping the platform`);
          this.options.giveUp(new Error(message));
          return;
        }
        inRow++;
        const wait = Math.min(this.backoffMs * 2 ** (inRow - 1), this.maxBackoffMs);
        this.say(`${name} ${reason}; restarting in ${seconds(wait)} (restart ${inRow} of at most ${this.maxRestarts} in a row)`);
        await this.sleep(wait, wakers);
        if (over()) return;
        let next: T;
        try {
          next = await start();
        } catch (error) {
          reason = `failed to restart: ${(error as Error).message}`;
          continue;
        }
        try {
          if (over()) throw new Error('stopping');
          await afterRestart?.(next);
        } catch (error) {
          await next.stop().catch(() => undefined);
          if (over()) return;
          reason = `failed to restart: ${(error as Error).message}`;
          continue;
        }
        if (over()) {
          await next.stop().catch(() => undefined);
          return;
        }
        current = next;
        startedAt = Date.now();
        watch(next);
        this.say(`${name} is back (${describe(next)}), ${seconds(startedAt - endedAt)} after it ended`);
        return;
      }
    };

    const watch = (part: T) => {
      void part.exited.then((how) => {
        if (over() || part !== current) return;
        restarting = restart(how).finally(() => (restarting = undefined));
      });
    };
    watch(current);

    return {
      current: () => current,
      stop: async () => {
        stopping = true;
        for (const wake of wakers) wake();
        await restarting;
        await current.stop();
      },
    };
  }
}
