import * as z from 'zod/mini';
import { id, text, timestamp } from './common.ts';

/**
 * The parts of the service a maintenance can touch. A fixed list rather than free text: the
 * status page is public, and a label the operator types could carry a tenant's or a person's name.
 */
export const COMPONENTS = ['api', 'capture', 'exports', 'notices', 'billing'] as const;
export type Component = (typeof COMPONENTS)[number];

export const MAINTENANCE_STATUSES = ['scheduled', 'in-progress', 'completed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export const NOTICE_KINDS = ['announcement', 'reminder', 'start', 'overrun', 'completion'] as const;
export type MaintenanceNoticeKind = (typeof NOTICE_KINDS)[number];

/** Why a maintenance does not count as planned for the availability guarantee (SLA-2). */
export const NOT_PLANNED_REASONS = ['emergency', 'announced-late', 'not-announced'] as const;
export type NotPlannedReason = (typeof NOT_PLANNED_REASONS)[number];

/** Public text in both languages: it goes to tenants in theirs and onto the status page. */
export const bilingual = z.strictObject({ sl: text(1, 2000), en: text(1, 2000) });
export type Bilingual = z.infer<typeof bilingual>;

/** Seven days: longer work is several maintenances, each announced with its own window. */
export const MAX_DURATION_MINUTES = 7 * 24 * 60;

export const scheduleMaintenanceBody = z.strictObject({
  startsAt: timestamp,
  expectedMaxDurationMinutes: z.number().check(z.multipleOf(1, 'must be a whole number of minutes'), z.gte(1), z.lte(MAX_DURATION_MINUTES)),
  components: z.array(z.enum(COMPONENTS)).check(
    z.minLength(1),
    z.maxLength(COMPONENTS.length),
    z.refine((c) => new Set(c).size === c.length, 'must not repeat a component'),
  ),
  description: bilingual,
  /** Urgent work inside the lead time: allowed, but not planned maintenance for SLA-2. */
  emergency: z.optional(z.boolean()),
  /** Default: every tenant whose data the platform holds when the maintenance is scheduled. */
  affectedTenantIds: z.optional(
    z.array(id).check(
      z.minLength(1),
      z.maxLength(1000),
      z.refine((ids) => new Set(ids).size === ids.length, 'must not repeat a tenant'),
    ),
  ),
});
export type ScheduleMaintenanceInput = z.infer<typeof scheduleMaintenanceBody>;

const noticeRecord = z.object({
  kind: z.enum(NOTICE_KINDS),
  status: z.enum(['publishing', 'published', 'sent', 'superseded']),
  /** When the notice was due; `sentAt` when it was out to the topic and every tenant. */
  dueAt: z.optional(z.string()),
  publishedAt: z.optional(z.string()),
  topicMessageId: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  /** Tenants e-mailed for this notice (their administrator contacts). */
  tenants: z.optional(z.number()),
  supersededBy: z.optional(z.enum(NOTICE_KINDS)),
  supersededAt: z.optional(z.string()),
});
export type MaintenanceNoticeRecord = z.infer<typeof noticeRecord>;

/** The maintenance as stored and as the operator reads it. */
export const maintenance = z.object({
  id,
  startsAt: z.string(),
  expectedMaxDurationMinutes: z.number(),
  /** The end of the announced window: `startsAt` + the expected maximum duration. */
  endsAt: z.string(),
  components: z.array(z.enum(COMPONENTS)),
  description: bilingual,
  emergency: z.boolean(),
  /** `all`: every tenant holding data at scheduling; `listed`: `affectedTenantIds`. */
  appliesTo: z.enum(['all', 'listed']),
  affectedTenantIds: z.optional(z.array(id)),
  /** The minimum lead time in force when it was scheduled (MNT-1). */
  leadHours: z.number(),
  /** obligation: SLA-2 — whether the announced window is excluded from counted downtime. */
  countsAsPlanned: z.boolean(),
  notPlannedReason: z.optional(z.enum(NOT_PLANNED_REASONS)),
  status: z.enum(MAINTENANCE_STATUSES),
  /** Derived: not completed by the end of the announced window (or completed after it). */
  overrun: z.boolean(),
  createdAt: z.string(),
  /** When the announcement was out to the topic and every affected tenant. */
  announcedAt: z.optional(z.string()),
  startedAt: z.optional(z.string()),
  completedAt: z.optional(z.string()),
  notices: z.optional(z.array(noticeRecord)),
  version: z.number(),
});
export type MaintenanceView = z.infer<typeof maintenance>;
