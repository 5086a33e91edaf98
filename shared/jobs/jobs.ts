/**
 * The job table: the one declaration that the CDK stack (EventBridge Scheduler) and the local
 * scheduler both read. Schedules are calendar rules in Europe/Ljubljana, so "08:00" stays 08:00
 * local time across daylight-saving changes.
 */
export const JOB_TIME_ZONE = 'Europe/Ljubljana';

/** Each name is one Lambda function and one module `functions/jobs/<name>.ts`. */
export const JOB_FUNCTIONS = ['key-rotation-notices', 'erasure-completion'] as const;
export type JobFunctionName = (typeof JOB_FUNCTIONS)[number];

export interface JobSchedule {
  /** Cron fields as EventBridge Scheduler reads them, in JOB_TIME_ZONE. */
  readonly minute: string;
  readonly hour: string;
  readonly day?: string;
  readonly month?: string;
  readonly weekDay?: string;
}

export interface JobDefinition {
  readonly name: JobFunctionName;
  readonly description: string;
  readonly schedule: JobSchedule;
}

export const JOBS = [
  {
    name: 'key-rotation-notices',
    description: "Tells each tenant's administrator once about every API key past the maximum age (TEN-2)",
    schedule: { minute: '0', hour: '8' },
  },
  {
    name: 'erasure-completion',
    description: 'Finishes erasures that a crash or timeout left half done: versions and captured records (DSR-6)',
    schedule: { minute: '15', hour: '*' },
  },
] as const satisfies readonly JobDefinition[];

/** What a job receives: the scheduled time in the cloud, any simulated time locally. */
export interface JobEvent {
  /** ISO 8601; EventBridge Scheduler fills it from `<aws.scheduler.scheduled-time>`. */
  now?: string;
}

export function cronExpression(schedule: JobSchedule): string {
  const { minute, hour, day = '*', month = '*', weekDay } = schedule;
  return `cron(${minute} ${hour} ${weekDay === undefined ? day : '?'} ${month} ${weekDay ?? '?'} *)`;
}
