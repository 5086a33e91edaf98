import * as z from 'zod/mini';
import { CONSENT_SOURCES, CONSENT_STATES, PURPOSE, WITHDRAWAL_SOURCES } from '../domain/consent.ts';
import { id, line, text, timestamp } from './common.ts';

export const purpose = z.string().check(z.maxLength(40, { abort: true }), z.regex(PURPOSE, 'must be a slug of lower-case letters, digits and dashes, such as newsletter'));

/**
 * obligation: CON-1, CON-2 — a request for consent: the purpose, its title for the person, the
 * version of the text agreed to and either the text itself (hashed here, and quoted in the
 * e-mail) or its SHA-256, where and when the person gave it.
 */
export const requestConsentBody = z.strictObject({
  purpose,
  title: line(1, 200),
  textVersion: text(1, 40),
  text: z.optional(text(1, 20_000)),
  textSha256: z.optional(z.string().check(z.maxLength(64, { abort: true }), z.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex'))),
  source: z.enum(CONSENT_SOURCES, { error: `must be one of: ${CONSENT_SOURCES.join(', ')}` }),
  givenAt: z.optional(timestamp),
});
export type RequestConsentInput = z.infer<typeof requestConsentBody>;

const consentEvent = z.object({
  at: timestamp,
  event: z.enum(['request', 'confirm', 'withdraw', 'expire']),
  status: z.enum(CONSENT_STATES),
  actor: z.string(),
  text: z.optional(z.object({ version: z.string(), sha256: z.string() })),
  source: z.optional(z.enum(CONSENT_SOURCES)),
  givenAt: z.optional(timestamp),
  expiresAt: z.optional(timestamp),
  withdrawalSource: z.optional(z.enum(WITHDRAWAL_SOURCES)),
});

/** A consent record as the tenant sees it: the current state (expiry applied) and every event. */
export const consent = z.object({
  subjectId: id,
  purpose: z.string(),
  title: z.string(),
  status: z.enum(CONSENT_STATES),
  text: z.object({ version: z.string(), sha256: z.string() }),
  source: z.enum(CONSENT_SOURCES),
  givenAt: timestamp,
  requestedAt: timestamp,
  expiresAt: z.optional(timestamp),
  confirmedAt: z.optional(timestamp),
  withdrawnAt: z.optional(timestamp),
  withdrawalSource: z.optional(z.enum(WITHDRAWAL_SOURCES)),
  mailSentAt: z.optional(timestamp),
  history: z.array(consentEvent),
});
export type ConsentView = z.infer<typeof consent>;

/** obligation: CON-1 — one contact that may be mailed for the purpose, with its own withdrawal link. */
export const audienceMember = z.object({
  subjectId: id,
  email: z.string(),
  confirmedAt: timestamp,
  textVersion: z.string(),
  /** Put it in every message of this purpose: the person withdraws with one click and a button. */
  withdrawUrl: z.string(),
});
