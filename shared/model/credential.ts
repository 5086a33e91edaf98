import * as z from 'zod/mini';
import { CREDENTIAL_KINDS, CREDENTIAL_NAME, PASSWORD_LENGTH, PIN } from '../domain/credential.ts';
import { id, timestamp } from './common.ts';

/*
 * obligation: DAT-9 — a data subject's credentials. What the API takes carries the value once
 * (to set it, or to check a presented one); what it answers never does: a credential shows only
 * its name, its kind, that it is set and when, and how its checks went.
 */

export const credentialName = z.string().check(z.maxLength(40, { abort: true }), z.regex(CREDENTIAL_NAME, 'must be lower-case letters, digits and dashes, starting with a letter, at most 40'));

/**
 * obligation: DAT-9 — a PIN is 4 to 12 digits, a password 8 to 128 characters. The reasons name
 * the rule, never the value.
 */
export const setCredentialBody = z
  .strictObject({
    kind: z.enum(CREDENTIAL_KINDS, { error: `must be one of: ${CREDENTIAL_KINDS.join(', ')}` }),
    value: z.string().check(z.maxLength(PASSWORD_LENGTH.max, `must be at most ${PASSWORD_LENGTH.max} characters`)),
  })
  .check(
    z.refine((b) => b.kind !== 'pin' || PIN.test(b.value), { message: 'a PIN is 4 to 12 digits', path: ['value'] }),
    z.refine((b) => b.kind !== 'password' || b.value.length >= PASSWORD_LENGTH.min, {
      message: `a password is at least ${PASSWORD_LENGTH.min} characters`,
      path: ['value'],
    }),
  );
export type SetCredentialInput = z.infer<typeof setCredentialBody>;

/** A presented value to check: whatever the credential's kind, at most as long as a password may be. */
export const checkCredentialBody = z.strictObject({
  value: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(PASSWORD_LENGTH.max, `must be at most ${PASSWORD_LENGTH.max} characters`)),
});

/** obligation: DAT-9 — a credential as the API shows it: that it is set, when and by whom, never its value or hash. */
export const credentialView = z.object({
  subjectId: id,
  name: z.string(),
  kind: z.enum(CREDENTIAL_KINDS),
  setAt: timestamp,
  setBy: z.string(),
  /** Failed checks in a row since it was set or last matched. */
  failedChecks: z.number(),
  /** Locked after too many failed checks in a row: checks answer 423 until a new value is set. */
  locked: z.boolean(),
  lastFailedCheckAt: z.optional(timestamp),
});
export type CredentialView = z.infer<typeof credentialView>;

/** obligation: DAT-9 — the answer to a check: match or no match, and how many checks are left before the lock. */
export const credentialCheck = z.object({
  match: z.boolean(),
  checksLeft: z.number(),
});

export const clearedCredential = z.object({
  subjectId: id,
  name: z.string(),
  clearedAt: timestamp,
});
