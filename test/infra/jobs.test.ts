import { describe, expect, it } from 'vitest';
import { STAGE_CONFIG } from '../../shared/config/stage.ts';
import { JOBS, JOB_TIME_ZONE, cronExpression } from '../../shared/jobs/jobs.ts';
import type { JobFunctionName } from '../../shared/jobs/jobs.ts';
import { referenced, resourcesOf, synth } from './synth.ts';

const { template } = synth();
const schedules = Object.values(resourcesOf(template, 'AWS::Scheduler::Schedule'));
const functions = resourcesOf(template, 'AWS::Lambda::Function');
const queues = resourcesOf(template, 'AWS::SQS::Queue');

/** The jobs that write nothing to anybody: no notice rights (see JOB_NEEDS, infra/constructs/scheduled-jobs.ts). */
const SILENT: readonly JobFunctionName[] = ['erasure-completion', 'metering-snapshot', 'purge', 'exports'];
const SILENT_JOBS = JOBS.filter((j) => SILENT.includes(j.name));
const SENDING_JOBS = JOBS.filter((j) => !SILENT.includes(j.name));

function statementsOf(fn: { Properties: Record<string, any> }): { Action: string | string[] }[] {
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: unknown) => referenced(r) === referenced(fn.Properties.Role)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('scheduled jobs', () => {
  it('has one schedule per job of the job table', () => {
    expect(schedules).toHaveLength(JOBS.length);
  });

  it.each(JOBS)('$name runs on its cron in Europe/Ljubljana with the scheduled time as now and its own name', (job) => {
    const schedule = schedules.find((s) => s.Properties.Description === job.description)!;
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: cronExpression(job.schedule),
      ScheduleExpressionTimezone: JOB_TIME_ZONE,
      State: 'ENABLED',
    });
    expect(JSON.parse(schedule.Properties.Target.Input)).toEqual({ now: '<aws.scheduler.scheduled-time>', job: job.name });
    const fn = functions[referenced(schedule.Properties.Target.Arn)];
    expect(fn?.Properties.Description).toBe(job.description);
  });

  it('DSR-6 finishes cut-short erasures every hour at minute 15, Europe/Ljubljana time', () => {
    const job = JOBS.find((j) => j.name === 'erasure-completion')!;
    const schedule = schedules.find((s) => s.Properties.Description === job.description)!;
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(15 * * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Ljubljana',
    });
    const fn = functions[referenced(schedule.Properties.Target.Arn)]!;
    const statements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: unknown) => referenced(r) === referenced(fn.Properties.Role)))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat())).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem']),
    );
  });

  it.each(JOBS)('SEC-5 $name retries, then keeps failed runs in the jobs’ dead-letter queue', (job) => {
    const schedule = schedules.find((s) => s.Properties.Description === job.description)!;
    const { RetryPolicy, DeadLetterConfig, Arn } = schedule.Properties.Target;
    expect(RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(queues[referenced(DeadLetterConfig.Arn)]).toBeDefined();
    const fn = functions[referenced(Arn)]!;
    // The schedule's undeliverable runs and the function's failed ones land in the same queue.
    expect(referenced(fn.Properties.DeadLetterConfig.TargetArn)).toBe(referenced(DeadLetterConfig.Arn));
  });

  it.each(SENDING_JOBS)('$name may send notices by e-mail from the sender address only, and to the notice topic', (job) => {
    const fn = Object.values(functions).find((f) => f.Properties.Description === job.description)!;
    expect(fn.Properties.Environment.Variables).toMatchObject({
      SENDER_ADDRESS: STAGE_CONFIG.dev.email.senderAddress,
      NOTICE_TOPIC_ARN: { Ref: expect.any(String) },
      TABLE_NAME: { Ref: expect.any(String) },
    });
    const statements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: unknown) => referenced(r) === referenced(fn.Properties.Role)))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Condition: { StringEquals: { 'ses:FromAddress': STAGE_CONFIG.dev.email.senderAddress } },
      }),
    );
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'sns:Publish' }));
  });

  it.each(SILENT_JOBS)('$name, which tells nobody, may send no notices', (job) => {
    const fn = Object.values(functions).find((f) => f.Properties.Description === job.description)!;
    expect(fn.Properties.Environment.Variables.SENDER_ADDRESS).toBeUndefined();
    expect(JSON.stringify(statementsOf(fn))).not.toMatch(/ses:|sns:/);
  });

  it('gives tenant-deletion, breach-communications, breach-clock, purge and exports 15 minutes a run, the other jobs 5', () => {
    for (const job of JOBS) {
      const fn = Object.values(functions).find((f) => f.Properties.Description === job.description)!;
      expect(fn.Properties.Timeout, job.name).toBe(['tenant-deletion', 'breach-communications', 'breach-clock', 'purge', 'exports'].includes(job.name) ? 900 : 300);
    }
  });

  it("takes the sender address from the stage configuration's sending identity (test/infra/email.test.ts checks it at synth)", () => {
    const senders = Object.values(functions).filter((f) => f.Properties.Environment.Variables.SENDER_ADDRESS !== undefined);
    expect(senders.map((f) => f.Properties.Description)).toEqual(expect.arrayContaining(SENDING_JOBS.map((j) => j.description)));
    for (const f of senders) expect(f.Properties.Environment.Variables.SENDER_ADDRESS).toBe(STAGE_CONFIG.dev.email.senderAddress);
  });
});
