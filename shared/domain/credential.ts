import { RuleViolation } from './rule-violation.ts';

/*
 * obligation: DAT-9 — credentials among the tenants' data (a cashier's PIN for the till, a
 * password) are never stored or returned in clear: the rules of what may be set, how it is
 * compared and when checking stops. The hashing itself is `shared/services/credential-hash.ts`.
 */

export const CREDENTIAL_KINDS = ['pin', 'password'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** A credential's name, per subject: `till-pin`, `web-password`. */
export const CREDENTIAL_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** obligation: DAT-9 — a PIN is 4 to 12 digits (a string: leading zeros count). */
export const PIN = /^[0-9]{4,12}$/;
/** obligation: DAT-9 — a password is 8 to 128 characters (NIST SP 800-63B: at least 8, allow 64 and more). */
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const;

/** obligation: DAT-9 — a data subject has at most this many credentials. */
export const MAX_CREDENTIALS_PER_SUBJECT = 5;

/**
 * obligation: DAT-9 — failed checks in a row after which a credential is locked: every check
 * then answers 423 until the tenant sets a new value. Five wrong guesses of a random four-digit
 * PIN find it with a chance of 1 in 2,000; a match resets the count.
 */
export const MAX_FAILED_CHECKS = 5;

/**
 * The form a value is hashed and compared in: a password in Unicode NFKC, so the same password
 * typed on two keyboards (composed or decomposed letters, full-width digits) is the same; a PIN
 * as its digits.
 */
export function normaliseCredential(kind: CredentialKind, value: string): string {
  return kind === 'password' ? value.normalize('NFKC') : value;
}

/** obligation: DAT-9 — a new name may not take a subject past its credentials' cap; replacing one may. */
export function checkCredentialCount(existingNames: readonly string[], name: string): void {
  if (!existingNames.includes(name) && existingNames.length >= MAX_CREDENTIALS_PER_SUBJECT) {
    throw new RuleViolation('name', `a data subject has at most ${MAX_CREDENTIALS_PER_SUBJECT} credentials: clear one first`, 'path');
  }
}

/** obligation: DAT-9 — locked once the failed checks in a row reach the limit. */
export function isLocked(failedChecks: number): boolean {
  return failedChecks >= MAX_FAILED_CHECKS;
}

/** Checks left before the lock, after `failedChecks` failures in a row. */
export function checksLeft(failedChecks: number): number {
  return Math.max(0, MAX_FAILED_CHECKS - failedChecks);
}
