import * as z from 'zod/mini';
import { id, line, text, timestamp } from './common.ts';

/** obligation: BRE-1 — a breach can be of several types at once (GDPR Art. 4(12), EDPB 9/2022). */
export const BREACH_TYPES = ['confidentiality', 'integrity', 'availability'] as const;

const estimate = z.object({ approximately: z.int().check(z.gte(0), z.lte(10_000_000_000)), estimate: z.boolean() });

/** The Art. 33(3) facts, as known at a phase; later phases may change any of them. */
export const breachFacts = z.strictObject({
  title: line(1, 200),
  types: z.array(z.enum(BREACH_TYPES)).check(z.minLength(1, 'must name at least one type'), z.maxLength(BREACH_TYPES.length)),
  /** Art. 33(3)(a): what happened. */
  nature: text(1, 4000),
  dataCategories: z.array(text(1, 100)).check(z.minLength(1), z.maxLength(50)),
  subjectCategories: z.array(text(1, 100)).check(z.minLength(1), z.maxLength(50)),
  dataSubjects: estimate,
  records: estimate,
  /** Art. 33(3)(c). */
  likelyConsequences: text(1, 4000),
  /** Art. 33(3)(d): measures taken or proposed, mitigation included. */
  measures: text(1, 4000),
  /** Art. 33(3)(b): the vendor's contact point. */
  contactPoint: z.strictObject({ name: text(1, 200), email: z.email().check(z.maxLength(254)), phone: z.optional(text(3, 30)) }),
  /** BRE-6: when known. */
  rootCause: z.optional(text(1, 4000)),
  remediation: z.optional(text(1, 4000)),
});
export type BreachFacts = z.infer<typeof breachFacts>;

export const NOTIFICATION_DECISIONS = ['notify', 'public', 'not-notified'] as const;

export const createIncidentBody = z.strictObject({
  ...breachFacts.shape,
  detectedAt: timestamp,
  /** The clock runs from awareness: a reasonable degree of certainty that personal data was hit. */
  awareAt: timestamp,
  /** Required when awareness came after detection (EDPB 9/2022). */
  awarenessGapReason: z.optional(text(1, 2000)),
  affectedTenantIds: z.array(id).check(z.maxLength(10_000)),
  /** The vendor is controller of this data (its own customers'): the 72-hour clock runs for it (BRE-4). */
  vendorIsController: z.boolean(),
  /** `notify` each affected tenant; `public` notice instead (BRE-3); `not-notified` (BRE-1) — both with a reason. */
  notification: z.strictObject({ decision: z.enum(NOTIFICATION_DECISIONS), reason: z.optional(text(1, 2000)) }),
});
export type CreateIncidentInput = z.infer<typeof createIncidentBody>;

/** A new phase: the facts that changed; everything sent before stays as it was sent. */
export const addPhaseBody = z
  .strictObject({ ...z.partial(breachFacts).shape, summary: text(1, 2000) })
  .check(z.refine((b) => Object.keys(b).length > 1, 'must change at least one fact besides the summary'));

export const phase = z.object({
  number: z.number(),
  at: timestamp,
  by: z.string(),
  summary: z.string(),
  facts: breachFacts,
});
export type Phase = z.infer<typeof phase>;

export const filing = z.object({
  id,
  /** The vendor, or the tenant that asked the platform to keep its clock. */
  controller: z.string(),
  channel: z.enum(['email', 'portal']),
  reference: z.optional(z.string()),
  at: timestamp,
  late: z.boolean(),
  lateReason: z.optional(z.string()),
  messageId: z.optional(z.string()),
  by: z.string(),
});
export type Filing = z.infer<typeof filing>;

export const clock = z.object({
  controller: z.string(),
  awareAt: timestamp,
  /** awareAt + 72 hours, absolute. */
  deadline: timestamp,
  /** Fixed at the first filing and never changed by later ones. */
  firstFiledAt: z.optional(timestamp),
  late: z.optional(z.boolean()),
});
export type Clock = z.infer<typeof clock>;

export const incident = z.object({
  id,
  ...breachFacts.shape,
  detectedAt: timestamp,
  awareAt: timestamp,
  awarenessGapReason: z.optional(z.string()),
  affectedTenantIds: z.array(id),
  vendorIsController: z.boolean(),
  notification: z.object({ decision: z.enum(NOTIFICATION_DECISIONS), reason: z.optional(z.string()), decidedAt: timestamp, decidedBy: z.string() }),
  phase: z.number(),
  /** BRE-3: what the status page says instead of direct notices. */
  publicNotice: z.optional(z.object({ title: z.object({ sl: z.string(), en: z.string() }), body: z.object({ sl: z.string(), en: z.string() }), publishedAt: timestamp })),
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.number(),
});
export type Incident = z.infer<typeof incident>;

/** obligation: BRE-2, BRE-6 — who was told what, when: kept by the register, never the address. */
export const notified = z.object({
  tenantId: id,
  phase: z.number(),
  channel: z.string(),
  role: z.string(),
  sentAt: z.optional(timestamp),
  messageId: z.optional(z.string()),
});

export const incidentDetail = z.object({
  ...incident.shape,
  phases: z.array(phase),
  clocks: z.array(clock),
  filings: z.array(filing),
  notified: z.array(notified),
});

export const fileIncidentBody = z.strictObject({
  channel: z.enum(['email', 'portal']),
  /** The authority's reference, for a filing made through its portal. */
  reference: z.optional(text(1, 200)),
  /** Art. 33(1): a filing after 72 hours states the reasons for the delay. */
  lateReason: z.optional(text(1, 2000)),
});

export const tenantFilingBody = z.strictObject({
  reference: text(1, 200),
  lateReason: z.optional(text(1, 2000)),
});

export const publicNoticeBody = z.strictObject({
  /** BRE-3: why direct notice would take disproportionate effort. */
  reason: text(1, 2000),
  title: z.strictObject({ sl: line(1, 200), en: line(1, 200) }),
  body: z.strictObject({ sl: text(1, 4000), en: text(1, 4000) }),
});

/** What a tenant sees of an incident that affects it: the facts as sent, phase by phase. */
export const tenantIncident = z.object({
  id,
  title: z.string(),
  awareAt: timestamp,
  phases: z.array(phase),
  clock: z.optional(clock),
  filings: z.array(filing),
});
