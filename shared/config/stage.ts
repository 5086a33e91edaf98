import type { OperationsConfig } from './operations.ts';

/**
 * Deployment stages. Each stage is its own stack with its own table (obligation: SEC-4), so a
 * test or development deployment can never touch production data.
 */
export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageConfig {
  /** Removal protection, deletion protection and log retention follow from this. */
  readonly production: boolean;
  /** Days after which an API key is flagged as due for rotation (TEN-2). */
  readonly apiKeyMaxAgeDays: number;
  /**
   * Minimum hours between announcing planned maintenance and its start (MNT-1): 48 by default;
   * a deployment whose contracts promise 6 hours sets 6. Absolute hours, across DST too.
   */
  readonly maintenanceLeadHours: number;
  /** Days CloudWatch keeps function and access logs. */
  readonly logRetentionDays: number;
  /** Steady-state request rate per second for the whole API stage. */
  readonly throttleRateLimit: number;
  /** Burst capacity for the whole API stage. */
  readonly throttleBurstLimit: number;
  /**
   * The vendor as seller on invoices and credit notes (BIL-5, BIL-9). Placeholders: a vendor
   * deploying Skrbnik puts its own company details here.
   */
  readonly seller: {
    readonly name: string;
    readonly address: string;
    readonly country: string;
    readonly vatNumber: string;
    readonly iban: string;
    readonly email: string;
  };
  /**
   * obligation: BRE-4 — who keeps the vendor's 72-hour clock (reminders go to them) and the
   * supervisory authority its notifications go to. Placeholders until a vendor deploys.
   */
  readonly breach: {
    readonly responders: readonly string[];
    readonly supervisoryAuthority: { readonly name: string; readonly email: string; readonly language: 'sl' | 'en' };
  };
  /** obligation: DSR-11 — the vendor's support desk: tenants' assistance requests are e-mailed here. */
  readonly support: { readonly email: string };
  /** Alarms, reserved concurrency and backups (shared/config/operations.ts, checked at synth). */
  readonly operations: OperationsConfig;
  /**
   * The vendor's sending identity in SES (docs/email.md): the domain verified with Easy DKIM, the
   * address notices come from (at that domain), the custom MAIL FROM subdomain, and where DMARC
   * aggregate reports go. Checked at synth (shared/config/vendor.ts). Placeholders until a vendor deploys.
   */
  readonly email: EmailConfig;
}

/** The sending identity of a stage (StageConfig `email`). */
export interface EmailConfig {
  /** The domain SES verifies with Easy DKIM, e.g. `vendor.si`. */
  readonly senderDomain: string;
  /** The From address of every notice; must be at `senderDomain`. */
  readonly senderAddress: string;
  /** The MAIL FROM (Return-Path) subdomain's first label: `mail` gives `mail.<senderDomain>`. */
  readonly mailFromSubdomain: string;
  /** Where DMARC aggregate reports (`rua`) go. */
  readonly dmarcReportAddress: string;
  /** What receivers do with mail that fails DMARC; `none` only while monitoring. */
  readonly dmarcPolicy: 'none' | 'quarantine' | 'reject';
}

const PLACEHOLDER_BREACH = {
  responders: ['security@vendor.example'],
  supervisoryAuthority: { name: 'Supervisory authority (placeholder)', email: 'breach-notifications@authority.example', language: 'sl' },
} as const;

const PLACEHOLDER_SUPPORT = { email: 'privacy-support@vendor.example' } as const;

const PLACEHOLDER_EMAIL: EmailConfig = {
  senderDomain: 'vendor.example',
  senderAddress: 'notices@vendor.example',
  mailFromSubdomain: 'mail',
  dmarcReportAddress: 'dmarc-reports@vendor.example',
  dmarcPolicy: 'quarantine',
};

const PLACEHOLDER_SELLER = {
  name: 'Example Cloud Vendor d.o.o.',
  address: 'Example Street 1\n1000 Ljubljana',
  country: 'SI',
  vatNumber: 'SI00000000',
  iban: 'SI56 1910 0000 0123 438',
  email: 'billing@vendor.example',
} as const;

export const STAGE_CONFIG: Record<Stage, StageConfig> = {
  dev: {
    production: false,
    apiKeyMaxAgeDays: 90,
    maintenanceLeadHours: 48,
    logRetentionDays: 30,
    throttleRateLimit: 50,
    throttleBurstLimit: 100,
    seller: PLACEHOLDER_SELLER,
    breach: PLACEHOLDER_BREACH,
    support: PLACEHOLDER_SUPPORT,
    email: PLACEHOLDER_EMAIL,
    operations: {
      alarmEmail: 'operations-dev@vendor.example',
      reservedConcurrency: { authorizer: 10, breachJobs: 2 },
      // A week of backups under a governance-mode lock, so a development stack can be torn down.
      backup: { dailyAt: { hour: 3, minute: 0 }, retentionDays: 7, lock: { minRetentionDays: 1, maxRetentionDays: 7, compliance: false } },
    },
  },
  prod: {
    production: true,
    apiKeyMaxAgeDays: 90,
    maintenanceLeadHours: 48,
    logRetentionDays: 365,
    throttleRateLimit: 500,
    throttleBurstLimit: 1000,
    seller: PLACEHOLDER_SELLER,
    breach: PLACEHOLDER_BREACH,
    support: PLACEHOLDER_SUPPORT,
    email: PLACEHOLDER_EMAIL,
    operations: {
      alarmEmail: 'operations@vendor.example',
      // 100 authorizations at once serve far more than the stage's 500 requests a second (most hit
      // the 60 s cache); three runs of each breach job cover the schedules' overlaps.
      reservedConcurrency: { authorizer: 100, breachJobs: 3 },
      // 35 days, PITR's window; no one can delete a recovery point younger than 30 days, and the
      // lock is for good (compliance mode) three days after deployment.
      backup: { dailyAt: { hour: 3, minute: 0 }, retentionDays: 35, lock: { minRetentionDays: 30, maxRetentionDays: 35, compliance: true } },
    },
  },
};

export function assertStage(stage: string | undefined): Stage {
  if (stage !== undefined && (STAGES as readonly string[]).includes(stage)) return stage as Stage;
  throw new Error(`Stage "${stage ?? '(none)'}" is unknown: choose one of ${STAGES.join(', ')}.`);
}
