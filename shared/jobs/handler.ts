import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';
import { logger } from '../powertools/logger.ts';
import { metrics } from '../powertools/metrics.ts';
import { tallyOwedNotices } from '../notices/outbox.ts';
import type { JobEvent, JobFunctionName } from './jobs.ts';

/** A run that found notices a crashed run claimed and never sent: it fails so that it is retried. */
export class NoticesStillOwed extends Error {
  override readonly name = 'NoticesStillOwed';
  constructor(readonly owed: number) {
    super(`${owed} notice(s) claimed by a crashed run are still owed; a retry after the claim's lease sends them`);
  }
}

/** Counts a job reports: logged and returned, never personal values. */
export type JobSummary = Record<string, number>;

/** What is left of the invocation's time: a long job stops taking new work before Lambda ends it. */
export interface TimeBudget {
  remainingMs(): number;
}

export function jobTime(event: JobEvent, fallback: Date): Date {
  if (event.now === undefined) return fallback;
  const at = new Date(event.now);
  if (Number.isNaN(at.getTime())) throw new Error('Job event "now" is not an ISO 8601 time');
  return at;
}

/**
 * Builds a scheduled job's handler. The job takes `now` from its event — the scheduled time in
 * the cloud, any simulated time locally — and never reads the clock itself.
 */
export function jobHandler(name: JobFunctionName, run: (now: Date, budget: TimeBudget) => Promise<JobSummary>) {
  return middy<JobEvent, JobSummary, Error, Context>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler(async (event, context) => {
      const now = jobTime(event ?? {}, new Date());
      const { value: summary, owed } = await tallyOwedNotices(() => run(now, { remainingMs: () => context.getRemainingTimeInMillis() }));
      logger.info('job finished', { job: name, now: now.toISOString(), ...summary, ...(owed > 0 ? { owedNotices: owed } : {}) });
      for (const [metric, value] of Object.entries(summary)) metrics.addMetric(`${name}.${metric}`, 'Count', value);
      // obligation: SEC-5 — notices a crashed run claimed and never sent: fail, so the scheduler's
      // retry (Lambda's, locally the scheduler's own) comes after their lease and sends them.
      if (owed > 0) throw new NoticesStillOwed(owed);
      return summary;
    });
}
