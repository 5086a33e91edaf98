import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { StageConfig } from '../../shared/config/stage.ts';
import { JOBS, JOB_TIME_ZONE, cronExpression } from '../../shared/jobs/jobs.ts';
import type { JobEvent } from '../../shared/jobs/jobs.ts';
import { jobFunctionEntry } from '../function-entries.ts';
import { CompliantFunction } from './compliant-function.ts';
import type { CompliantTable } from './compliant-table.ts';
import { constructId } from './construct-id.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import type { Notices } from './notices.ts';

/** Properties of {@link ScheduledJobs}. */
export interface ScheduledJobsProps {
  /** The stage's configuration: log retention and removal follow from it. */
  readonly config: StageConfig;
  /** The table the jobs read and write. */
  readonly table: CompliantTable;
  /** Jobs send notices: each job function becomes a notice sender. */
  readonly notices: Notices;
  /**
   * Variables every job function gets, beside its own.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;
}

/** The event every schedule sends: the time the run was scheduled for, which the job takes as `now`. */
const SCHEDULED_EVENT: Required<JobEvent> = { now: ContextAttribute.scheduledTime };

/**
 * The job table (shared/jobs/jobs.ts) on EventBridge Scheduler: per job one function and one
 * schedule in Europe/Ljubljana time, so "08:00" stays 08:00 local time across daylight-saving
 * changes. A run that cannot be delivered, or fails after Lambda's retries, lands in the job's
 * dead-letter queue; jobs are safe to rerun (SEC-5).
 */
export class ScheduledJobs extends Construct {
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
    for (const job of JOBS) {
      const jobId = constructId(job.name);
      const deadLetterQueue = new DeadLetterQueue(this, `${jobId}DeadLetters`, { config: props.config });
      const fn = new CompliantFunction(this, jobId, {
        entry: jobFunctionEntry(job.name),
        config: props.config,
        description: job.description,
        memorySize: 512,
        // A run walks every tenant; a rerun skips the notices already sent (SEC-5).
        timeout: Duration.minutes(5),
        deadLetterQueue,
        environment: props.environment,
      }).bindTable(props.table, 'readWrite');
      props.notices.grantSend(fn);
      const role = new Role(this, `${jobId}ScheduleRole`, { assumedBy: schedulerPrincipal });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason: 'The schedule may invoke the job function and its versions (`:*`); the wildcard stays within this one function.',
      });
      new Schedule(this, `${jobId}Schedule`, {
        description: job.description,
        schedule: ScheduleExpression.expression(cronExpression(job.schedule), TimeZone.of(JOB_TIME_ZONE)),
        target: new LambdaInvoke(fn, {
          role,
          input: ScheduleTargetInput.fromObject(SCHEDULED_EVENT),
          deadLetterQueue,
          retryAttempts: 3,
          maxEventAge: Duration.hours(1),
        }),
      });
    }
  }
}
