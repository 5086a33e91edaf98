/**
 * How a stage is operated: who is woken by an alarm, the concurrency kept for the functions that
 * must never starve, and the table's backups. Part of the stage configuration (shared/config/
 * stage.ts), checked by {@link assertOperationsConfig} when the stack is synthesised, so a wrong
 * value stops `cdk synth` rather than a deployment.
 */
export interface OperationsConfig {
  /**
   * Where the stage's alarms are e-mailed (an SNS e-mail subscription; the address confirms it once
   * after the first deployment). A team mailbox, never one person's.
   */
  readonly alarmEmail: string;
  /**
   * Lambda reserved concurrency: each number is both kept for the function out of the account's
   * pool (nothing else can take it) and the most it may run at once.
   */
  readonly reservedConcurrency: {
    /**
     * The tenant authorizer: every tenant request that misses its 60 s cache needs it, so a burst
     * elsewhere in the account (an export, a purge) must never leave it throttled; the cap also
     * bounds what a flood of unknown keys can cost.
     */
    readonly authorizer: number;
    /**
     * obligation: BRE-2, BRE-4, BRE-5 — each of the two breach jobs (`breach-clock`,
     * `breach-communications`): the 72-hour clock's notices and reminders run whatever else the
     * account is doing. At least 2: the schedules fire every minute and every 15 minutes while a run
     * may take 15, so runs overlap (the lease and outbox keep them apart); with 1 the overlapping
     * invocation would be throttled and retried late by Lambda's asynchronous queue.
     */
    readonly breachJobs: number;
  };
  /** obligation: SEC-3 — AWS Backup of the table, beside point-in-time recovery. */
  readonly backup: BackupConfig;
}

/** The table's backup plan and its vault lock. */
export interface BackupConfig {
  /** When the daily backup starts, in Europe/Ljubljana time (as the jobs' schedules). */
  readonly dailyAt: { readonly hour: number; readonly minute: number };
  /**
   * Days a recovery point is kept. At most 35, point-in-time recovery's own window: an erased data
   * subject (DSR-6) lives on in a backup no longer than it already does in the table's PITR.
   */
  readonly retentionDays: number;
  /**
   * The vault lock: no recovery point can be deleted before `minRetentionDays`, none kept past
   * `maxRetentionDays`, whoever asks. `compliance` locks it for good three days after deployment
   * (AWS's shortest cooling-off time): not even the account's root can then lift it or delete the
   * vault. Without it the lock is in governance mode: a principal with `backup:DeleteBackupVaultLockConfiguration`
   * can remove it, so a development stage can be torn down.
   */
  readonly lock: { readonly minRetentionDays: number; readonly maxRetentionDays: number; readonly compliance: boolean };
}

/** AWS Backup's shortest cooling-off time before a compliance-mode lock becomes immutable. */
export const VAULT_LOCK_COOLING_OFF_DAYS = 3;
/** The longest point-in-time recovery keeps; backups keep no longer (see {@link BackupConfig.retentionDays}). */
export const MAX_BACKUP_RETENTION_DAYS = 35;
/** Lambda requires this much of an account's concurrency to stay unreserved. */
export const UNRESERVED_CONCURRENCY_MINIMUM = 100;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every problem with `config`, in words; empty when it is valid. */
export function operationsConfigProblems(config: OperationsConfig): string[] {
  const problems: string[] = [];
  const { alarmEmail, reservedConcurrency, backup } = config;
  if (!EMAIL.test(alarmEmail)) problems.push(`alarmEmail "${alarmEmail}" is not an e-mail address`);
  const positive = (name: string, n: number, min = 1) => {
    if (!Number.isInteger(n) || n < min) problems.push(`${name} must be an integer of at least ${min}, not ${n}`);
  };
  positive('reservedConcurrency.authorizer', reservedConcurrency.authorizer);
  positive('reservedConcurrency.breachJobs', reservedConcurrency.breachJobs, 2);
  const { hour, minute } = backup.dailyAt;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59) {
    problems.push(`backup.dailyAt ${hour}:${minute} is not a time of day`);
  }
  const { retentionDays, lock } = backup;
  positive('backup.retentionDays', retentionDays);
  positive('backup.lock.minRetentionDays', lock.minRetentionDays);
  if (retentionDays > MAX_BACKUP_RETENTION_DAYS) {
    problems.push(`backup.retentionDays ${retentionDays} exceeds ${MAX_BACKUP_RETENTION_DAYS}, point-in-time recovery's window (erased data would outlive it)`);
  }
  if (lock.maxRetentionDays > MAX_BACKUP_RETENTION_DAYS) {
    problems.push(`backup.lock.maxRetentionDays ${lock.maxRetentionDays} exceeds ${MAX_BACKUP_RETENTION_DAYS}`);
  }
  if (lock.maxRetentionDays <= lock.minRetentionDays) {
    problems.push(`backup.lock.maxRetentionDays ${lock.maxRetentionDays} must exceed minRetentionDays ${lock.minRetentionDays} (AWS Backup's rule)`);
  }
  if (!(lock.minRetentionDays <= retentionDays && retentionDays <= lock.maxRetentionDays)) {
    problems.push(
      `backup.retentionDays ${retentionDays} must lie within the vault lock's ${lock.minRetentionDays}..${lock.maxRetentionDays} days, or AWS Backup refuses every recovery point`,
    );
  }
  return problems;
}

/** Throws, naming the stage and every problem, unless `config` is valid. */
export function assertOperationsConfig(stage: string, config: OperationsConfig): OperationsConfig {
  const problems = operationsConfigProblems(config);
  if (problems.length > 0) throw new Error(`Stage ${stage}: operations configuration is invalid:\n- ${problems.join('\n- ')}`);
  return config;
}
