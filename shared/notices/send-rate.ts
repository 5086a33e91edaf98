/**
 * A pace for sending: each call waits for the next slot of `perSecond`, so a fan-out (breach
 * notices, an Art. 34 campaign) stays within the SES account's send rate instead of being
 * throttled by it. Callers running in parallel share one pace and still keep the rate.
 */
export function sendRate(perSecond: number, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))): () => Promise<void> {
  const interval = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = performance.now();
    const slot = Math.max(now, next);
    next = slot + interval;
    if (slot > now) await sleep(slot - now);
  };
}
