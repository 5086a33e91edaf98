import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { StageConfig } from '../../shared/config/stage.ts';
import { JOBS, JOB_TIME_ZONE, cronExpression } from '../../shared/jobs/jobs.ts';
import type { JobEvent, JobFunctionName } from '../../shared/jobs/jobs.ts';
import { jobFunctionEntry } from '../function-entries.ts';
import { CompliantFunction } from './compliant-function.ts';
import type { CompliantTable } from './compliant-table.ts';
import { constructId } from './construct-id.ts';
import { acknowledgeControls } from './control-packs.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import type { BlindIndexSecret } from './blind-index-secret.ts';
import type { LinkSigningSecret } from './link-signing-secret.ts';
import type { Notices } from './notices.ts';
import type { ExportBucket } from './export-bucket.ts';
import { grantNeeds } from './function-needs.ts';
import type { FunctionNeeds } from './function-needs.ts';
import type { SkrbnikApi } from './skrbnik-api.ts';

/**
 * What a job needs beside the table, which every job reads and writes (its results, outbox
 * records, checkpoints); each grant follows from one entry here.
 */
interface JobNeeds extends FunctionNeeds {
  /**
   * How long one run may take. A run walks every tenant; a rerun skips what is done (SEC-5).
   *
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
  /**
   * obligation: BRE-2, BRE-4, BRE-5 — it keeps `operations.reservedConcurrency.breachJobs` of the
   * account's concurrency (shared/config/operations.ts), so nothing else running can starve it.
   *
   * @default false
   */
  readonly reservesConcurrency?: boolean;
}

/** A new job must say here what it needs. */
const JOB_NEEDS: Record<JobFunctionName, JobNeeds> = {
  'key-rotation-notices': { sendsNotices: true },
  // Deletes versions and captured records; tells nobody.
  'erasure-completion': { exports: 'delete' },
  // Writes the day's meter evidence; tells nobody.
  'metering-snapshot': {},
  invoicing: { sendsNotices: true },
  // Reminders and deletion warnings; dunning never changes a tenant's state.
  dunning: { sendsNotices: true },
  // The dormant notice; the dormant and deleting transitions change what the keys may do.
  dormancy: { sendsNotices: true, flushesAuthorizerCache: true },
  // The deletion confirmation; the cache is flushed once the keys are deleted. Each run deletes in
  // checkpointed chunks until less than a minute is left, so it gets Lambda's longest time limit.
  'tenant-deletion': { sendsNotices: true, flushesAuthorizerCache: true, exports: 'delete', timeout: Duration.minutes(15) },
  // Art. 34 campaigns at the SES send rate: 10,000 messages at 14/s take 12 minutes; a run stops
  // 30 s before its end at a checkpoint, and one run sends at a time (a lease), however they overlap.
  'breach-communications': { sendsNotices: true, timeout: Duration.minutes(15), reservesConcurrency: true },
  // Maintenance notices by e-mail to each affected tenant and to the notice topic (MNT-2).
  'maintenance-notices': { sendsNotices: true },
  // Tenant notices at the SES send rate: a large incident takes a while, and a run resumes the rest.
  'breach-clock': { sendsNotices: true, sendsSms: true, timeout: Duration.minutes(15), reservesConcurrency: true },
  // Produces full exports (one run may stream a large tenant's ZIP) and deletes expired ones (EXP-1, EXP-2).
  exports: { exports: 'write', timeout: Duration.minutes(15) },
  // Removes data past retention and tells nobody (the run records are read through the API). Each
  // run checkpoints per subject and stops a minute before its end, so it gets 15 minutes; it reads
  // the blind-index secret only when a removed set held an e-mail or tax number. A subject it erases
  // loses its unexpired exports too (DSR-6).
  purge: { blindIndex: true, exports: 'delete', timeout: Duration.minutes(15) },
  // Deadline reminders to data protection contacts, answers and Art. 19 notices left unsent (DSR-9).
  'privacy-request-reminders': { sendsNotices: true },
};

/** Properties of {@link ScheduledJobs}. */
export interface ScheduledJobsProps {
  /** The stage's configuration: log retention and removal follow from it. */
  readonly config: StageConfig;
  /** The table the jobs read and write. */
  readonly table: CompliantTable;
  /** The notice topic and e-mail sender, for the jobs that send notices. */
  readonly notices: Notices;
  /** The blind-index secret, for the jobs that recompute lookups. */
  readonly blindIndexSecret: BlindIndexSecret;
  /** The link-signing secret, for the functions that sign or check public links (CON-1, DSR-5, DSR-8). */
  readonly linkSigningSecret: LinkSigningSecret;
  /** The export bucket, for the jobs that produce or delete exports. */
  readonly exportBucket: ExportBucket;
  /**
   * The API, for the jobs that flush its authorizer cache. Create it before the jobs: the jobs
   * depend on the REST API's id, the API on nothing of theirs.
   */
  readonly api: SkrbnikApi;
  /**
   * Variables every job function gets, beside its own.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;
}

/**
 * The event a job's schedule sends: the time the run was scheduled for, which the job takes as
 * `now`, and the job's name, which a dead-lettered run carries to the jobs' one queue.
 */
const scheduledEvent = (job: JobFunctionName): Required<JobEvent> => ({ now: ContextAttribute.scheduledTime, job });

/**
 * The job table (shared/jobs/jobs.ts) on EventBridge Scheduler: per job one function and one
 * schedule in Europe/Ljubljana time, so "08:00" stays 08:00 local time across daylight-saving
 * changes. A run that cannot be delivered, or fails after Lambda's retries, lands in the jobs'
 * dead-letter queue with its job's name; jobs are safe to rerun (SEC-5).
 */
export class ScheduledJobs extends Construct {
  /** Each job's function, by job name. */
  readonly functions = {} as Record<JobFunctionName, CompliantFunction>;
  /** The jobs' one dead-letter queue. */
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    // Only schedules of this account's default group may use the roles (no confused deputy).
    const schedulerPrincipal = new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': Stack.of(this).account,
          'aws:SourceArn': Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
        },
      },
    });
    // One role for every schedule: each job adds the right to invoke its own function. A role per
    // schedule would take two resources each, against CloudFormation's 500 per stack.
    const role = new Role(this, 'ScheduleRole', { assumedBy: schedulerPrincipal });
    acknowledgeControls(
      role,
      'IAMNoInlinePolicy',
      "The schedules' role has one policy of its own, naming each job function it may invoke, attached to no other role.",
    );
    // One dead-letter queue for every job, for the same reason; each run's event names its job.
    const deadLetterQueue = new DeadLetterQueue(this, 'DeadLetters', { config: props.config });
    this.deadLetterQueue = deadLetterQueue;
    for (const job of JOBS) {
      const needs = JOB_NEEDS[job.name];
      const jobId = constructId(job.name);
      const fn = new CompliantFunction(this, jobId, {
        entry: jobFunctionEntry(job.name),
        config: props.config,
        description: job.description,
        memorySize: 512,
        timeout: needs.timeout ?? Duration.minutes(5),
        deadLetterQueue,
        environment: props.environment,
        reservedConcurrentExecutions: needs.reservesConcurrency ? props.config.operations.reservedConcurrency.breachJobs : undefined,
      }).bindTable(props.table, 'readWrite');
      this.functions[job.name] = fn;
      grantNeeds(fn, needs, props);
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason: 'The schedules may invoke each job function and its versions (`:*`); each wildcard stays within one function.',
      });
      new Schedule(this, `${jobId}Schedule`, {
        description: job.description,
        schedule: ScheduleExpression.expression(cronExpression(job.schedule), TimeZone.of(JOB_TIME_ZONE)),
        target: new LambdaInvoke(fn, {
          role,
          input: ScheduleTargetInput.fromObject(scheduledEvent(job.name)),
          deadLetterQueue,
          retryAttempts: 3,
          maxEventAge: Duration.hours(1),
        }),
      });
    }
  }
}
