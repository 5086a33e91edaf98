/**
 * The job table: the one declaration that the CDK stack (EventBridge Scheduler) and the local
 * scheduler both read. Schedules are calendar rules in Europe/Ljubljana, so "08:00" stays 08:00
 * local time across daylight-saving changes.
 */
export const JOB_TIME_ZONE = 'Europe/Ljubljana';

/** Each name is one Lambda function and one module `functions/jobs/<name>.ts`. */
export const JOB_FUNCTIONS = [
  'key-rotation-notices',
  'erasure-completion',
  'metering-snapshot',
  'invoicing',
  'dunning',
  'dormancy',
  'tenant-deletion',
  'breach-communications',
  'maintenance-notices',
  'breach-clock',
  'exports',
  'purge',
  'privacy-request-reminders',
] as const;
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
  {
    name: 'metering-snapshot',
    description: "Keeps each tenant's active end users and month peak of the day as billing evidence (BIL-2)",
    schedule: { minute: '50', hour: '23' },
  },
  {
    name: 'invoicing',
    description: 'Issues the invoice of every billing period that has started, catching up missed periods (BIL-3, BIL-4)',
    schedule: { minute: '30', hour: '0' },
  },
  {
    name: 'dunning',
    description: 'Sends the reminders of unpaid invoices and the deletion warnings, each once (DUN-1, DUN-5)',
    schedule: { minute: '0', hour: '9' },
  },
  {
    name: 'dormancy',
    description: 'Makes tenants dormant when an invoice is unpaid 30 days after its due date, and starts deletions that are due (DUN-2, DUN-5, DUN-6)',
    schedule: { minute: '5', hour: '*' },
  },
  {
    name: 'tenant-deletion',
    description: "Deletes the data of tenants whose contract ended or who stayed dormant for 90 days, resumably and in bounded chunks (DUN-5)",
    schedule: { minute: '35', hour: '*' },
  },
  {
    name: 'breach-communications',
    description: "Sends tenants' Art. 34 breach communications to their data subjects at the SES send rate, each recipient once, resuming where a run stopped (BRE-5)",
    schedule: { minute: '*', hour: '*' },
  },
  {
    name: 'maintenance-notices',
    description: 'Sends the reminder, start, overrun and completion notices of maintenance, each once, catching up after missed runs (MNT-2)',
    schedule: { minute: '0,5,10,15,20,25,30,35,40,45,50,55', hour: '*' },
  },
  {
    name: 'breach-clock',
    description: 'Finishes breach notices to affected tenants and sends the 72-hour clock reminders, each once (BRE-2, BRE-4)',
    schedule: { minute: '0,15,30,45', hour: '*' },
  },
  {
    name: 'exports',
    description: 'Produces requested tenant exports (ZIP of NDJSON per entity) into the export bucket, retries those a crashed run left, and deletes exports past their seven days (EXP-1, EXP-2)',
    schedule: { minute: '*', hour: '*' },
  },
  {
    name: 'purge',
    description: 'Removes personal data past retention (attribute sets, erasing subjects left with none; time entries), skipping legal holds, resumably, and records what it removed per tenant and day (RET-1, RET-2, RET-3, CON-3)',
    schedule: { minute: '30', hour: '2' },
  },
  {
    name: 'privacy-request-reminders',
    description: "Reminds tenants' data protection contacts of nearly-due and overdue privacy requests, and finishes answers a crash left unsent, each once (DSR-9)",
    schedule: { minute: '10', hour: '*' },
  },
] as const satisfies readonly JobDefinition[];

/** What a job receives: the scheduled time in the cloud, any simulated time locally. */
export interface JobEvent {
  /** ISO 8601; EventBridge Scheduler fills it from `<aws.scheduler.scheduled-time>`. */
  now?: string;
  /** The job's name: the jobs share one dead-letter queue, where a failed run says whose it was. */
  job?: JobFunctionName;
}

export function cronExpression(schedule: JobSchedule): string {
  const { minute, hour, day = '*', month = '*', weekDay } = schedule;
  return `cron(${minute} ${hour} ${weekDay === undefined ? day : '?'} ${month} ${weekDay ?? '?'} *)`;
}
