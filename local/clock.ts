/**
 * The local platform's clock: the time API Gateway would stamp on a request. It runs at the real
 * clock's pace from a point that a test (and later a rehearsal) sets, so a scenario that spans
 * months can be played through the API on any day. It keeps running rather than standing still,
 * so ids and timestamps made one after another still sort in the order they were made.
 *
 * Only the local platform has one: in the cloud the time is API Gateway's `requestTimeEpoch`,
 * which no caller can set.
 */
export class LocalClock {
  #offsetMs = 0;

  /** The platform's time now. */
  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  /** From now on the platform's time runs on from `at`. */
  set(at: Date | string): void {
    const time = typeof at === 'string' ? new Date(at) : at;
    if (Number.isNaN(time.getTime())) throw new Error(`Not a time: ${String(at)}`);
    this.#offsetMs = time.getTime() - Date.now();
  }

  /** Moves the platform's time on (or back, with a negative amount). */
  advance(ms: number): void {
    this.#offsetMs += ms;
  }

  /** Back to the real clock. */
  reset(): void {
    this.#offsetMs = 0;
  }
}
