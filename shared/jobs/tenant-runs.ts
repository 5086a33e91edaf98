import { logger } from '../powertools/logger.ts';
import type { TimeBudget } from './handler.ts';

/** No new step is taken with less than this left of the invocation; the next run resumes. */
export const TIME_RESERVE_MS = 60_000;

/** Steps are checkpoints; the first of a run is always taken, so every run makes progress. */
export class StepGate {
  private taken = 0;
  constructor(private readonly budget: TimeBudget) {}
  mayTake(): boolean {
    return this.taken === 0 || this.budget.remainingMs() >= TIME_RESERVE_MS;
  }
  took(): void {
    this.taken++;
  }
}

/** How one tenant's part of a run ended: done, out of time (resumes next run), left alone, or held. */
export type TenantOutcome = 'finished' | 'paused' | 'skipped' | 'held';

export interface TenantRunCounts {
  finished: number;
  resumeLater: number;
  skipped: number;
  held: number;
  failed: number;
}

/**
 * A checkpointed job's walk over tenants (the tenant deletion, the purge): each tenant in turn
 * until one runs out of time, the rest counted to resume on the next run. A tenant another run
 * has moved on (`movedOn`) is skipped; any other failure is logged without personal values and
 * counted, so one tenant never holds up the others — the caller then fails the run and the
 * scheduler's retry resumes each tenant at its checkpoint.
 */
export async function runPerTenant(
  job: string,
  tenantIds: AsyncIterable<string>,
  run: (tenantId: string) => Promise<TenantOutcome>,
  movedOn: (error: unknown) => boolean,
): Promise<TenantRunCounts> {
  const counts: TenantRunCounts = { finished: 0, resumeLater: 0, skipped: 0, held: 0, failed: 0 };
  let outOfTime = false;
  for await (const tenantId of tenantIds) {
    if (outOfTime) {
      counts.resumeLater++;
      continue;
    }
    try {
      const outcome = await run(tenantId);
      if (outcome === 'paused') {
        counts.resumeLater++;
        outOfTime = true;
      } else counts[outcome]++;
    } catch (error) {
      if (movedOn(error)) {
        counts.skipped++;
        continue;
      }
      counts.failed++;
      logger.error(`${job} failed for a tenant`, { tenantId, errorName: (error as Error).name });
    }
  }
  return counts;
}
