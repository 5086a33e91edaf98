import type { Context } from 'aws-lambda';
import { JOBS } from '../shared/jobs/jobs.ts';
import type { JobEvent, JobFunctionName } from '../shared/jobs/jobs.ts';
import type { JobSummary } from '../shared/jobs/handler.ts';
import { nextRun } from '../shared/jobs/next-run.ts';
import { lambdaContext } from './api-server.ts';
import { invoke } from './invocation.ts';

type JobModule = { handler: (event: JobEvent, context: Context) => Promise<JobSummary> };

/** The longest a Node timer waits: middy arms one on the remaining time, so "no limit" is this. */
const NO_TIME_LIMIT_MS = 2 ** 31 - 1;

/**
 * Runs one job from the job table at a given (possibly simulated) time. Locally a run has no
 * time limit unless `timeLimitMs` gives one, as Lambda's timeout would.
 */
export async function runJob(name: string, now: Date, options: { timeLimitMs?: number } = {}): Promise<JobSummary> {
  const job = JOBS.find((j) => j.name === name);
  if (!job) throw new Error(`No job "${name}"; jobs: ${JOBS.map((j) => j.name).join(', ')}`);
  const module = (await import(`../functions/jobs/${job.name}.ts`)) as JobModule;
  const deadline = Date.now() + (options.timeLimitMs ?? NO_TIME_LIMIT_MS);
  const context: Context = { ...lambdaContext(job.name), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
  return invoke(context, () => module.handler({ now: now.toISOString() }, context));
}

export interface LocalScheduler {
  next(): { job: JobFunctionName; at: Date }[];
  /**
   * Resolves if the scheduler's own loop fails (planning a run threw) — a crash, after which it
   * plans nothing more; a job that fails is reported, not a crash. Also resolves after `stop()`.
   */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** When a job runs next (tests give a failing one to crash the loop). @default nextRun */
  nextRun?: typeof nextRun;
  /** The waits before each retry of a failed run. @default LAMBDA_RETRY_DELAYS_MS */
  retryDelaysMs?: readonly number[];
}

/** Lambda's retries of a failed asynchronous invocation: two, about 1 and 2 minutes apart. */
export const LAMBDA_RETRY_DELAYS_MS = [60_000, 120_000] as const;

/** The job table on a timer, as EventBridge Scheduler runs it in the cloud. */
export function startScheduler(report: (job: string, outcome: JobSummary | Error) => void, options: SchedulerOptions = {}): LocalScheduler {
  const planRun = options.nextRun ?? nextRun;
  const retryDelaysMs = options.retryDelaysMs ?? LAMBDA_RETRY_DELAYS_MS;
  const timers = new Map<JobFunctionName, { timer: NodeJS.Timeout; at: Date }>();
  let end!: (how: string) => void;
  const exited = new Promise<string>((resolve) => (end = resolve));
  const retries = new Set<NodeJS.Timeout>();
  const stop = (how: string) => {
    for (const { timer } of timers.values()) clearTimeout(timer);
    for (const retry of retries) clearTimeout(retry);
    end(how);
  };
  const plan = (name: JobFunctionName) => {
    const job = JOBS.find((j) => j.name === name)!;
    const at = planRun(job.schedule, new Date());
    const timer = setTimeout(() => {
      try {
        // Timers cap at about 24.8 days: a later run is planned again, not run early.
        if (Date.now() < at.getTime()) return plan(name);
        // The next run is planned first: if planning fails, the loop has crashed before this run.
        plan(name);
      } catch (error) {
        return stop(`crashed: ${(error as Error).message}`);
      }
      attempt(name, at, 0);
    }, Math.min(at.getTime() - Date.now(), 2 ** 31 - 1));
    timer.unref();
    timers.set(name, { timer, at });
  };
  // As Lambda retries an asynchronous invocation that failed: the same event again after about a
  // minute, then after two more (a run killed or failing on owed notices is retried, SEC-5).
  const attempt = (name: JobFunctionName, at: Date, failures: number) => {
    runJob(name, at).then(
      (summary) => report(name, summary),
      (error: Error) => {
        report(name, error);
        const delay = retryDelaysMs[failures];
        if (delay === undefined) return;
        const retry = setTimeout(() => {
          retries.delete(retry);
          attempt(name, at, failures + 1);
        }, delay);
        retry.unref();
        retries.add(retry);
      },
    );
  };
  for (const job of JOBS) plan(job.name);
  return {
    next: () => [...timers].map(([job, { at }]) => ({ job, at })),
    exited,
    stop: async () => stop('stopped'),
  };
}
