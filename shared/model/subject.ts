import * as z from 'zod/mini';
import { id, localDate, text, timestamp } from './common.ts';

/** obligation: DAT-2 — every data subject has a category. */
export const CATEGORIES = ['employee', 'contractor', 'customer', 'subscriber', 'cashier'] as const;
export type Category = (typeof CATEGORIES)[number];

/** obligation: DAT-2 — every attribute set names its legal basis (GDPR Art. 6(1)). */
export const LEGAL_BASES = ['contract', 'legal-obligation', 'legitimate-interest', 'consent'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** obligation: DAT-3 — the special categories of GDPR Art. 9 (and Art. 10, criminal records). */
export const SPECIAL_CATEGORIES = [
  'health',
  'biometric',
  'genetic',
  'religion-or-belief',
  'political-opinion',
  'trade-union',
  'sexual-life',
  'racial-or-ethnic-origin',
  'criminal-record',
] as const;
export type SpecialCategory = (typeof SPECIAL_CATEGORIES)[number];

/** DynamoDB stores numbers from 1e-130 to below 1e126 in magnitude, and zero. */
const storableNumber = z.number().check(
  z.refine((n) => n === 0 || (Math.abs(n) >= 1e-130 && Math.abs(n) < 1e126), 'must be 0 or between 1e-130 and 1e126 in magnitude'),
);

/** An attribute set's name, and the consent purpose a set rests on. */
const setName = z.string().check(z.maxLength(40, { abort: true }), z.regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes'));

const attributeValue = z.union([z.string().check(z.maxLength(2000)), storableNumber, z.boolean(), z.null()]);

export const attributeSet = z.strictObject({
  name: setName,
  purpose: text(1, 200),
  legalBasis: z.enum(LEGAL_BASES, { error: `must be one of: ${LEGAL_BASES.join(', ')}` }),
  specialCategory: z.optional(z.enum(SPECIAL_CATEGORIES)),
  /** Required with a special category: when and how the explicit consent was given (DAT-3). */
  explicitConsent: z.optional(z.strictObject({ givenAt: timestamp, evidence: text(1, 500) })),
  attributes: z
    .record(z.string().check(z.maxLength(64, { abort: true }), z.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'attribute names are letters, digits and _')), attributeValue)
    .check(z.refine((a) => Object.keys(a).length <= 100, 'at most 100 attributes per set'))
    .register(z.globalRegistry, { maxProperties: 100 }),
  /**
   * obligation: RET-1 — the day (Europe/Ljubljana) the contract or legitimate interest ended, or
   * the day a legal retention period starts running. Absent: the basis has not ended.
   */
  basisEndedOn: z.optional(localDate),
  /** obligation: RET-1 — the legal retention period in whole years (legal obligation only). */
  legalPeriodYears: z.optional(z.number().check(z.multipleOf(1, 'must be a whole number of years'), z.gte(1), z.lte(50))),
  /** obligation: CON-3 — the consent record this set rests on (consent only); default: the set's name. */
  consentPurpose: z.optional(setName),
});
export type AttributeSet = z.infer<typeof attributeSet>;

const uniqueNames = z.refine<{ name: string }[]>(
  (sets) => new Set(sets.map((s) => s.name)).size === sets.length,
  'attribute set names must not repeat',
);

/**
 * A subject's record and each of its versions is one DynamoDB item (at most 400 KB): the
 * attribute sets stay well below, leaving room for keys and the rest of the record.
 */
export const MAX_ATTRIBUTE_BYTES = 300_000;

export function attributeBytes(sets: unknown): number {
  return Buffer.byteLength(JSON.stringify(sets));
}

const fitsOneItem = z.refine<unknown[]>((sets) => attributeBytes(sets) <= MAX_ATTRIBUTE_BYTES, `attribute sets may take at most ${MAX_ATTRIBUTE_BYTES} bytes`);

export const createSubjectBody = z.strictObject({
  category: z.enum(CATEGORIES),
  /** A billable seat: billing counts the monthly peak of these. */
  endUser: z._default(z.boolean(), false),
  attributeSets: z.array(attributeSet).check(z.minLength(1), z.maxLength(20), uniqueNames, fitsOneItem),
});
export type CreateSubjectInput = z.infer<typeof createSubjectBody>;

export const updateSubjectBody = z
  .strictObject({
    category: z.optional(z.enum(CATEGORIES)),
    endUser: z.optional(z.boolean()),
    /** Sets given replace the sets of the same name, or are added. */
    attributeSets: z.optional(z.array(attributeSet).check(z.maxLength(20), uniqueNames, fitsOneItem)),
    /** Names of sets to remove. */
    removeAttributeSets: z.optional(z.array(setName).check(z.maxLength(20))),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, 'at least one field must be given'));
export type UpdateSubjectInput = z.infer<typeof updateSubjectBody>;

export const restrictionBody = z.strictObject({ reason: text(1, 500) });

/** A subject as stored: restricted exactly when `restriction` is present. */
export const subject = z.object({
  id,
  category: z.enum(CATEGORIES),
  endUser: z.boolean(),
  /** obligation: DAT-4 — present while processing is restricted: kept, but not processed. */
  restriction: z.optional(z.object({ reason: z.string(), at: timestamp, by: z.string() })),
  attributeSets: z.array(attributeSet),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Subject = z.infer<typeof subject>;

/** A subject as the API shows it: `restricted` spelled out, derived from `restriction`. */
export const subjectView = z.extend(subject, { restricted: z.boolean() });
export type SubjectView = z.infer<typeof subjectView>;

export function viewOfSubject(subject: Subject): SubjectView {
  return { ...subject, restricted: subject.restriction !== undefined };
}

/** What erasure leaves: no personal value, only that the subject existed and when it went. */
export const tombstone = z.object({
  id,
  erasedAt: timestamp,
  /** `retention`: every attribute set was past retention and the purge erased the subject (RET-2). */
  reason: z.enum(['erasure', 'under-13', 'retention']),
});
export type Tombstone = z.infer<typeof tombstone>;

export const subjectVersion = z.object({
  version: z.number(),
  validFrom: timestamp,
  actor: z.string(),
  /** Names of what changed: `category`, `endUser`, `restriction`, `attributeSets.<name>`. */
  changed: z.array(z.string()),
  /** The record as it was from `validFrom` until the next version. */
  state: subjectView,
});
export type SubjectVersion = z.infer<typeof subjectVersion>;

/** obligation: DAT-6 — lookups go through the keyed blind index; the body keeps values out of URLs. */
export const lookupBody = z
  .strictObject({
    email: z.optional(z.string().check(z.minLength(3), z.maxLength(254))),
    taxNumber: z.optional(z.string().check(z.minLength(2), z.maxLength(40))),
  })
  .check(z.refine((b) => (b.email === undefined) !== (b.taxNumber === undefined), 'give exactly one of email or taxNumber'));
