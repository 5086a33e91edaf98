import * as z from 'zod/mini';
import { REQUEST_STATES, REQUEST_TYPES } from '../domain/privacy-requests/lifecycle.ts';
import { PURPOSE } from '../domain/consent.ts';
import { id, text, timestamp } from './common.ts';
import { updateSubjectBody } from './subject.ts';
import { LANGUAGES } from './tenant.ts';

/** How a request reached the tenant; `vendor-intake` only through the vendor's public endpoint (DSR-8). */
export const CHANNELS = ['email', 'web', 'post', 'in-person', 'phone', 'vendor-intake'] as const;
const TENANT_CHANNELS = ['email', 'web', 'post', 'in-person', 'phone'] as const;

/**
 * obligation: DSR-2 — proportionate methods (EDPB 01/2022 paras 69–78): an existing login or a
 * confirmed address first; a document only where justified, and no copy of it is kept.
 */
export const VERIFICATION_METHODS = ['existing-account', 'email-confirmation', 'tenant-assertion', 'document-seen', 'in-person', 'other'] as const;

/** obligation: DSR-3 — why a request is refused (Art. 11(2), 12(5), 23 and the Art. 17(3) exemptions). */
export const DECLINE_GROUNDS = ['manifestly-unfounded', 'manifestly-excessive', 'identity-not-confirmed', 'legal-exemption', 'not-a-data-subject', 'other'] as const;

/** obligation: DSR-4 — a fee needs one of these grounds (Art. 12(5), 15(3)). */
export const FEE_GROUNDS = ['repeat-request', 'manifestly-excessive', 'further-copy'] as const;

/** Notices a request can owe after a change: sent after the commit, finished by the job if cut short. */
export const OWED_NOTICES = ['tell-extension', 'tell-fee', 'notify-recipients', 'send-answer', 'send-refusal', 'forward-to-tenant'] as const;
export type OwedNotice = (typeof OWED_NOTICES)[number];

const slug = z.string().check(z.maxLength(40, { abort: true }), z.regex(PURPOSE, 'must be lower-case letters, digits and dashes'));
const email = z.email().check(z.maxLength(254));

export const createPrivacyRequestBody = z.strictObject({
  type: z.enum(REQUEST_TYPES),
  requester: z.strictObject({ email, language: z.optional(z.enum(LANGUAGES)) }),
  /** When the request reached the tenant; defaults to now, never in the future. */
  receivedAt: z.optional(timestamp),
  channel: z.enum(TENANT_CHANNELS),
  /** The data subject, when the tenant already knows who it is; otherwise set at verification. */
  subjectId: z.optional(id),
  /** What the person asked, in their words or a summary (kept until the answer is sent). */
  details: z.optional(text(1, 4000)),
});
export type CreatePrivacyRequestInput = z.infer<typeof createPrivacyRequestBody>;

export const verificationBody = z.strictObject({
  method: z.enum(VERIFICATION_METHODS),
  result: z.enum(['verified', 'not-verified']),
  /** What was checked, never the document's contents. */
  note: z.optional(text(1, 500)),
  /** The data subject the requester turned out to be. */
  subjectId: z.optional(id),
});

export const extensionBody = z.strictObject({
  months: z.int().check(z.gte(1), z.lte(2)),
  /** Told to the requester: the complexity or number of requests (Art. 12(3)). */
  reason: text(1, 2000),
});

export const feeBody = z.strictObject({
  ground: z.enum(FEE_GROUNDS),
  /** Net amount in cents: a reasonable fee based on administrative costs. */
  amountCents: z.int().check(z.gte(1), z.lte(100_000)),
  currency: z.enum(['EUR']),
  /** Told to the requester. */
  explanation: text(1, 2000),
});

export const declineBody = z.strictObject({
  ground: z.enum(DECLINE_GROUNDS),
  /** Told to the requester with the right to complain and to a judicial remedy (DSR-10). */
  reason: text(1, 4000),
});

export const fulfilmentBody = z.strictObject({
  /** Rectification: what to correct, as in a subject update. */
  changes: z.optional(updateSubjectBody),
  /** Objection and consent withdrawal: the purpose concerned; absent means every purpose. */
  purpose: z.optional(slug),
  /** Added to the answer (for instance what was corrected, in the tenant's words). */
  message: z.optional(text(1, 4000)),
  /**
   * Access and portability without a data subject: the tenant confirms it searched and holds
   * nothing about the requester, and the answer says so (Art. 15(1)).
   */
  noDataHeld: z.optional(z.literal(true)),
});
export type FulfilmentInput = z.infer<typeof fulfilmentBody>;

/**
 * DSR-8: what a person sends the vendor; forwarded to the tenant once the person confirms the
 * address by the link e-mailed to it, never answered by the vendor.
 */
export const intakeBody = z.strictObject({
  tenantId: id,
  type: z.enum(REQUEST_TYPES),
  email,
  message: text(1, 4000),
  language: z.optional(z.enum(LANGUAGES)),
});

const event = z.object({ event: z.string(), at: timestamp, by: z.string(), from: z.string(), to: z.string() });

export const privacyRequest = z.object({
  id,
  type: z.enum(REQUEST_TYPES),
  state: z.enum(REQUEST_STATES),
  channel: z.enum(CHANNELS),
  receivedAt: timestamp,
  /** The last day to answer (Europe/Ljubljana) and the instant it ends (DSR-2). */
  dueOn: z.string(),
  dueAt: timestamp,
  firstDueOn: z.string(),
  extension: z.optional(z.object({ months: z.number(), reason: z.string(), at: timestamp, by: z.string() })),
  subjectId: z.optional(id),
  /** The address is kept only until the answer has gone out. */
  requester: z.object({ email: z.optional(z.string()), language: z.enum(LANGUAGES) }),
  details: z.optional(z.string()),
  /** DSR-4: the same person's request less than six months earlier, for the tenant to weigh. */
  repeatOf: z.optional(z.object({ requestId: id, receivedAt: timestamp })),
  verification: z.optional(
    z.object({ method: z.enum(VERIFICATION_METHODS), result: z.enum(['verified', 'not-verified']), note: z.optional(z.string()), at: timestamp, by: z.string(), attempts: z.number() }),
  ),
  fee: z.optional(
    z.object({ ground: z.enum(FEE_GROUNDS), amountCents: z.number(), currency: z.string(), explanation: z.string(), at: timestamp, by: z.string(), paidAt: z.optional(timestamp) }),
  ),
  decision: z.optional(z.object({ outcome: z.enum(['fulfilled', 'declined']), at: timestamp, by: z.string(), ground: z.optional(z.enum(DECLINE_GROUNDS)), reason: z.optional(z.string()) })),
  /** What the platform did: changed fields, purposes stopped, the export and its expiry. */
  fulfilment: z.optional(
    z.object({
      changed: z.optional(z.array(z.string())),
      purposes: z.optional(z.array(z.string())),
      exportId: z.optional(z.string()),
      exportExpiresAt: z.optional(timestamp),
      noDataHeld: z.optional(z.boolean()),
    }),
  ),
  /** When each e-mail about the request went out, by what it said. */
  told: z.record(z.string(), timestamp),
  /** Notices decided but not yet known to be out (sent after the commit; the job finishes them). */
  owed: z.array(z.enum(OWED_NOTICES)),
  events: z.array(event),
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.number(),
});
export type PrivacyRequest = z.infer<typeof privacyRequest>;

/**
 * obligation: DSR-8 — the answer to every well-formed form, whatever became of it (a new form, one
 * sent again, an organisation id nobody uses, the day's e-mails to the address spent): it says
 * what happens next and reveals nothing about what exists.
 */
export const intakeReceipt = z.object({
  message: z.string(),
  /** Hours the link in the e-mail works; the request goes to the organisation only once it is confirmed. */
  confirmWithinHours: z.number(),
});
