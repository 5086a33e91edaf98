import { afterEach, describe, expect, it, vi } from 'vitest';
import { JOBS } from '../../shared/jobs/jobs.ts';
import { startScheduler } from '../../local/scheduler.ts';
import type { LocalScheduler } from '../../local/scheduler.ts';

// The job's module as the scheduler imports it: it fails twice (a killed run, a run that found
// notices still owed), then succeeds.
const attempts = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../functions/jobs/metering-snapshot.ts', () => ({
  handler: async () => {
    attempts.count++;
    if (attempts.count < 3) throw new Error('run failed');
    return { tenantsMetered: 1 };
  },
}));

let scheduler: LocalScheduler | undefined;
afterEach(async () => scheduler?.stop());

describe('the local scheduler', () => {
  it('SEC-5 retries a failed run with the same scheduled time, twice, as Lambda retries an asynchronous invocation', async () => {
    const job = JOBS.find((j) => j.name === 'metering-snapshot')!;
    const reports: { job: string; outcome: string }[] = [];
    let planned = false;
    scheduler = startScheduler((name, outcome) => reports.push({ job: name, outcome: outcome instanceof Error ? 'failed' : 'ok' }), {
      // This job once, soon; every other job (and this one's next run) far ahead.
      nextRun: (schedule, from) => {
        if (schedule === job.schedule && !planned) {
          planned = true;
          return new Date(from.getTime() + 20);
        }
        return new Date(from.getTime() + 86_400_000);
      },
      retryDelaysMs: [50, 100],
    });
    await vi.waitFor(() => expect(reports).toHaveLength(3), { timeout: 5_000, interval: 20 });
    expect(reports).toEqual([
      { job: 'metering-snapshot', outcome: 'failed' },
      { job: 'metering-snapshot', outcome: 'failed' },
      { job: 'metering-snapshot', outcome: 'ok' },
    ]);
    expect(attempts.count).toBe(3);
  });
});
