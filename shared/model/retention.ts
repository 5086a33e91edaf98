import * as z from 'zod/mini';
import { id, localDate, text, timestamp } from './common.ts';

const wholeNumber = (min: number, max: number) => z.int({ error: 'must be a whole number' }).check(z.gte(min), z.lte(max));

/**
 * Months after the basis ended, per legal basis (under a legal obligation: after the legal
 * period). `consent` is accepted here only so the rule can refuse it by name (RET-1).
 */
const categoryPeriods = z.strictObject({
  contract: z.optional(wholeNumber(0, 1200)),
  'legal-obligation': z.optional(wholeNumber(0, 1200)),
  'legitimate-interest': z.optional(wholeNumber(0, 1200)),
  consent: z.optional(wholeNumber(0, 1200)),
});

const shorterMonths = z.strictObject({
  employee: z.optional(categoryPeriods),
  contractor: z.optional(categoryPeriods),
  customer: z.optional(categoryPeriods),
  subscriber: z.optional(categoryPeriods),
  cashier: z.optional(categoryPeriods),
});

/** obligation: RET-1 — what a tenant may change: given fields replace the stored ones. */
export const retentionPolicyBody = z
  .strictObject({
    /** Shorter periods per subject category and legal basis, in months; replaces the stored ones. */
    shorterMonths: z.optional(shorterMonths),
    /** Years time entries are kept under the working-time records obligation (then 1 year more). */
    timeEntryYears: z.optional(wholeNumber(1, 50)),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, 'at least one field must be given'));
export type RetentionPolicyInput = z.infer<typeof retentionPolicyBody>;

export const retentionPolicy = z.object({
  shorterMonths,
  timeEntryYears: z.number(),
  /** The law's months per basis, for reference: a shorter period may not exceed them. */
  lawMonths: z.object({ contract: z.number(), 'legal-obligation': z.number(), 'legitimate-interest': z.number() }),
  /** 0 while the tenant keeps the defaults. */
  version: z.number(),
  updatedAt: z.optional(timestamp),
});
export type RetentionPolicyView = z.infer<typeof retentionPolicy>;

export const HOLD_SCOPES = ['tenant', 'subject'] as const;

/** obligation: RET-3 — a legal hold: held data is never purged until the hold is lifted. */
export const legalHold = z.object({
  id,
  /** `tenant`: all the tenant's data; `subject`: one data subject's. */
  scope: z.enum(HOLD_SCOPES),
  subjectId: z.optional(id),
  /** Who placed it, and so who may lift it. */
  placedBy: z.enum(['tenant', 'operator']),
  reason: z.string(),
  placedAt: timestamp,
  actor: z.string(),
  status: z.enum(['active', 'lifted']),
  lifted: z.optional(z.object({ at: timestamp, reason: z.string(), actor: z.string() })),
});
export type LegalHold = z.infer<typeof legalHold>;

export const placeHoldBody = z.strictObject({
  /** The subject held; absent: all the tenant's data. */
  subjectId: z.optional(id),
  reason: text(1, 500),
});

export const operatorHoldBody = z.strictObject({ reason: text(1, 500) });
export const liftHoldBody = z.strictObject({ reason: text(1, 500) });

/** obligation: RET-2 — what one day's purge did for a tenant. */
export const purgeCounts = z.object({
  /** Subjects whose every attribute set was past retention: erased (tombstone, reason `retention`). */
  subjectsErased: z.number(),
  /** Attribute sets past retention, of erased subjects and of subjects that stay. */
  setsRemoved: z.number(),
  /** Stored history versions from which removed sets were redacted (DAT-5). */
  versionsRedacted: z.number(),
  timeEntriesDeleted: z.number(),
  /** Subjects under a legal hold: not looked at (RET-3). */
  subjectsOnHold: z.number(),
  /** Restricted subjects kept while restricted, but for sets on a withdrawn or lapsed consent (DAT-4, CON-3). */
  subjectsRestricted: z.number(),
  /** Consent-based sets kept because the subject has no consent record for their purpose. */
  setsWithoutConsentRecord: z.number(),
  /** Subjects the run could not purge (logged by id): passed over, and tried again by the next day's run. */
  subjectsFailed: z.number(),
});
export type PurgeCounts = z.infer<typeof purgeCounts>;

export const purgeRun = z.object({
  /** The Ljubljana day of the run. */
  day: localDate,
  startedAt: timestamp,
  /** Absent while the run is under way or was cut short (the next run resumes it). */
  finishedAt: z.optional(timestamp),
  /** The whole tenant was under a legal hold: nothing was looked at. */
  tenantOnHold: z.boolean(),
  counts: purgeCounts,
});
export type PurgeRun = z.infer<typeof purgeRun>;
