import * as z from 'zod/mini';
import { id, line, text, timestamp } from './common.ts';
import { CATEGORIES } from './subject.ts';
import { LANGUAGES } from './tenant.ts';

/** An Art. 34 campaign may list at most this many subjects by id (the list is one stored item). */
export const MAX_LISTED_SUBJECTS = 10_000;

/**
 * obligation: BRE-5 — who receives the communication: every subject, one category, or listed
 * subjects. Exactly one of the three, so the answer to "who was told?" is never ambiguous.
 */
export const audience = z
  .strictObject({
    all: z.optional(z.literal(true)),
    category: z.optional(z.enum(CATEGORIES)),
    subjectIds: z.optional(
      z
        .array(id)
        .check(
          z.minLength(1, 'must list at least one subject'),
          z.maxLength(MAX_LISTED_SUBJECTS, `must list at most ${MAX_LISTED_SUBJECTS} subjects`),
          z.refine((ids) => new Set(ids).size === ids.length, 'must not list a subject twice'),
        ),
    ),
  })
  .check(
    z.refine((a) => Object.keys(a).length === 1, 'give exactly one of all: true, category or subjectIds'),
  );
export type Audience = z.infer<typeof audience>;

/** The message in one language: a short subject line and the Art. 34(2) contents as plain text. */
const message = {
  subject: line(1, 150),
  /** Plain text; blank lines separate paragraphs. The same for every recipient: nothing is merged in. */
  body: text(20, 10_000),
};

export const contactPoint = z.strictObject({ name: text(1, 200), email: z.email().check(z.maxLength(254)), phone: z.optional(text(3, 30)) });

export const createBreachCommunicationBody = z.strictObject({
  incidentId: id,
  audience,
  ...message,
  /** The language of `subject` and `body`; the tenant's language when absent. */
  language: z.optional(z.enum(LANGUAGES)),
  /** The same message in other languages: a subject whose language is known gets it in that language. */
  translations: z.optional(
    z
      .array(z.strictObject({ language: z.enum(LANGUAGES), ...message }))
      .check(
        z.maxLength(LANGUAGES.length),
        z.refine((t) => new Set(t.map((m) => m.language)).size === t.length, 'must give each language once'),
      ),
  ),
  /** Art. 34(2) with 33(3)(b): whom the subjects may ask; the tenant's data protection contact when absent. */
  contact: z.optional(contactPoint),
});
export type CreateBreachCommunicationInput = z.infer<typeof createBreachCommunicationBody>;

export const CAMPAIGN_STATUSES = ['queued', 'sending', 'completed'] as const;
export const SKIP_REASONS = ['restricted', 'erased', 'no-email', 'not-found'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

const counts = z.object({
  /** Subjects in the audience: estimated at creation for `all` and `category`, exact once completed. */
  total: z.number(),
  sent: z.number(),
  skipped: z.number(),
  failed: z.number(),
});

/** A campaign as the tenant sees it: what was asked for and how far the sending is. */
export const breachCommunication = z.object({
  id,
  incidentId: id,
  audience: z.object({
    kind: z.enum(['all', 'category', 'subjects']),
    category: z.optional(z.enum(CATEGORIES)),
  }),
  language: z.enum(LANGUAGES),
  subject: z.string(),
  body: z.string(),
  translations: z.array(z.object({ language: z.enum(LANGUAGES), subject: z.string(), body: z.string() })),
  contact: z.object({ name: z.string(), email: z.string(), phone: z.optional(z.string()) }),
  status: z.enum(CAMPAIGN_STATUSES),
  recipients: counts,
  /** Skipped recipients by reason (DAT-4: restricted subjects are not sent to). */
  skippedBy: z.record(z.enum(SKIP_REASONS), z.number()),
  createdAt: timestamp,
  createdBy: z.string(),
  startedAt: z.optional(timestamp),
  completedAt: z.optional(timestamp),
});
export type BreachCommunication = z.infer<typeof breachCommunication>;

/**
 * One recipient's record: what happened to the message for this subject. The address is not
 * shown: the tenant holds it in the subject's record, and this list is not a way to export them.
 */
export const breachCommunicationRecipient = z.object({
  subjectId: id,
  status: z.enum(['sent', 'skipped', 'failed', 'sending']),
  reason: z.optional(z.string()),
  language: z.optional(z.enum(LANGUAGES)),
  messageId: z.optional(z.string()),
  sentAt: z.optional(timestamp),
});
export type BreachCommunicationRecipient = z.infer<typeof breachCommunicationRecipient>;
