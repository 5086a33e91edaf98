import * as z from 'zod/mini';
import {
  CHANGES,
  DISCLOSURE_KINDS,
  MAX_SUBJECTS_PER_DISCLOSURE,
  RECIPIENT_KINDS,
  SPECIAL_RECIPIENTS,
  VENDOR_BASES,
} from '../domain/disclosure.ts';
import { id, text, timestamp } from './common.ts';
import { LANGUAGES } from './tenant.ts';

const countryCode = z.string().check(z.maxLength(2, { abort: true }), z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as SI'));

/* ------------------------------------------------------------------ recipients registry */

/**
 * A third party the tenant discloses data to. The notice address is the organisation's own
 * (privacy@…), where Art. 19 notices go in its language.
 */
export const createRecipientBody = z.strictObject({
  name: text(1, 200),
  kind: z.enum(RECIPIENT_KINDS, { error: `must be one of: ${RECIPIENT_KINDS.join(', ')}` }),
  country: countryCode,
  noticeEmail: z.email().check(z.maxLength(254)),
  language: z.enum(LANGUAGES),
});
export type CreateRecipientInput = z.infer<typeof createRecipientBody>;

export const updateRecipientBody = z
  .strictObject({
    name: z.optional(text(1, 200)),
    kind: z.optional(z.enum(RECIPIENT_KINDS, { error: `must be one of: ${RECIPIENT_KINDS.join(', ')}` })),
    country: z.optional(countryCode),
    noticeEmail: z.optional(z.email().check(z.maxLength(254))),
    language: z.optional(z.enum(LANGUAGES)),
    /** false deactivates (no new disclosures, no notices); a recipient the log names is never deleted. */
    active: z.optional(z.boolean()),
  })
  .check(z.refine((u) => Object.keys(u).length > 0, 'give at least one field to change'));
export type UpdateRecipientInput = z.infer<typeof updateRecipientBody>;

export const recipient = z.object({
  id,
  name: z.string(),
  kind: z.enum(RECIPIENT_KINDS),
  country: z.string(),
  noticeEmail: z.string(),
  language: z.enum(LANGUAGES),
  active: z.boolean(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Recipient = z.infer<typeof recipient>;

/* ------------------------------------------------------------------ disclosure log */

/** A registered recipient's id, or one of the special recipients. */
const recipientRef = z.union([id, z.enum(SPECIAL_RECIPIENTS)], {
  error: `must be a registered recipient's id or one of: ${SPECIAL_RECIPIENTS.join(', ')}`,
});

const subjectIds = z
  .array(id)
  .check(
    z.maxLength(MAX_SUBJECTS_PER_DISCLOSURE, `must list at most ${MAX_SUBJECTS_PER_DISCLOSURE} subjects; record a larger one as several, or as the whole tenant (empty)`),
    z.refine((ids) => new Set(ids).size === ids.length, 'must not list a subject twice'),
  );

/** Names of data categories (e.g. "contact details", "working time"), never values. */
const dataCategories = z.array(text(1, 100)).check(z.minLength(1), z.maxLength(20));

/** The tenant records a disclosure it made itself. */
export const createDisclosureBody = z.strictObject({
  recipient: recipientRef,
  kind: z.enum(DISCLOSURE_KINDS, { error: `must be one of: ${DISCLOSURE_KINDS.join(', ')}` }),
  /** The subjects disclosed; empty: the whole tenant's data (e.g. a full export). */
  subjectIds,
  dataCategories,
  /** The legal basis with its reference, e.g. "Art. 6(1)(c) GDPR; ZDR-1 Art. 48". */
  legalBasis: text(3, 300),
  /** The order, request or contract number the recipient knows the disclosure by. */
  reference: text(1, 200),
});
export type CreateDisclosureInput = z.infer<typeof createDisclosureBody>;

/** The vendor answers a court or an authority, or carries out the tenant's instruction (AUD-3). */
export const operatorDisclosureBody = z.strictObject({
  basis: z.enum(VENDOR_BASES, {
    error: `the vendor discloses only on a court order, an authority's written request or the tenant's instruction: one of ${VENDOR_BASES.join(', ')}`,
  }),
  recipient: recipientRef,
  /** Which court or authority (its name, no person's). */
  recipientName: z.optional(text(1, 200)),
  subjectIds,
  dataCategories,
  legalBasis: text(3, 300),
  /** The order's or request's number. */
  reference: text(1, 200),
  /** The order forbids telling the tenant: it is not e-mailed and the tenant's log does not show it. */
  withholdTenantNotice: z.optional(z.strictObject({ reason: text(10, 500) })),
});
export type OperatorDisclosureInput = z.infer<typeof operatorDisclosureBody>;

export const disclosure = z.object({
  id,
  at: timestamp,
  recipient: z.string(),
  recipientName: z.optional(z.string()),
  kind: z.enum(DISCLOSURE_KINDS),
  /** Empty: the whole tenant's data. */
  subjectIds: z.array(id),
  dataCategories: z.array(z.string()),
  legalBasis: z.string(),
  reference: z.string(),
  /** `tenant` when the tenant recorded it, `vendor` when the vendor disclosed (with `basis`). */
  by: z.enum(['tenant', 'vendor']),
  basis: z.optional(z.enum(VENDOR_BASES)),
  actor: z.string(),
  /** Vendor disclosures: when the tenant's data protection contact was told, or why not. */
  tenantNotice: z.optional(z.object({ status: z.enum(['sent', 'withheld']), reason: z.optional(z.string()) })),
});
export type Disclosure = z.infer<typeof disclosure>;

/** Who received a subject's data, from the log (Art. 15(1)(c), Art. 19). */
export const subjectRecipient = z.object({
  recipient: z.string(),
  /** A registered recipient's name, kind and country; absent for the special recipients. */
  name: z.optional(z.string()),
  kind: z.optional(z.enum(RECIPIENT_KINDS)),
  country: z.optional(z.string()),
  active: z.optional(z.boolean()),
  firstAt: timestamp,
  lastAt: timestamp,
  disclosureIds: z.array(id),
});
export type SubjectRecipient = z.infer<typeof subjectRecipient>;

/** A field name such as `attributeSets.identity`: a name, never a value. */
const fieldName = z.string().check(z.maxLength(100, { abort: true }), z.regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/, 'must be a field name such as attributeSets.contact'));

export const notifyRecipientsBody = z.strictObject({
  change: z.enum(CHANGES, { error: `must be one of: ${CHANGES.join(', ')}` }),
  /** Rectification: which fields changed (names only); the notice tells the recipient to ask for the new values. */
  changedFields: z.optional(z.array(fieldName).check(z.minLength(1), z.maxLength(50))),
});
export type NotifyRecipientsInput = z.infer<typeof notifyRecipientsBody>;

export const notifyRecipientsResult = z.object({
  change: z.enum(CHANGES),
  /** Recipients told (now or by an earlier call for the same change). */
  notified: z.number(),
  /** Recipients whose address the mail service refused for good. */
  rejected: z.number(),
});
