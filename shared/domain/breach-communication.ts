import type { SkipReason } from '../model/breach-communication.ts';
import type { Subject } from '../model/subject.ts';
import { LANGUAGES } from '../model/tenant.ts';
import type { Language } from '../model/tenant.ts';
import { RuleViolation } from './rule-violation.ts';
import { normaliseLookup } from './subject.ts';
import type { LookupKind } from './subject.ts';

/**
 * obligation: BRE-5 — the body of a breach communication carries no confidential data. The
 * message goes by e-mail, unencrypted, to every recipient alike, so anything confidential in it
 * is disclosed again — the very harm the message is about. These are the patterns refused; each
 * is checked by its own checksum or keyword so ordinary numbers (dates, counts, phone numbers)
 * pass. The tenant's own data subjects' e-mail addresses and tax numbers are checked apart,
 * against the blind index (`identifierCandidates`).
 */
export interface Finding {
  /** What was found, never the value: it becomes the problem's reason. */
  reason: string;
}

/** ISO 13616: two letters, two check digits, up to 30 alphanumerics; valid when mod 97 is 1. */
function isIban(candidate: string): boolean {
  const iban = candidate.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  return remainder === 1;
}

/**
 * An IBAN anywhere in the text, written in groups or not. Words may follow it directly, so every
 * length from each country-code start is tried, not only the longest run of letters and digits.
 */
function ibanIn(text: string): boolean {
  for (const start of text.matchAll(/\b[A-Z]{2}\d{2}/g)) {
    const run = text.slice(start.index).match(/^[A-Z]{2}\d{2}(?: ?[A-Z0-9]){0,30}/)![0];
    const alnum = run.replace(/ /g, '');
    for (let length = Math.min(34, alnum.length); length >= 15; length--) {
      if (isIban(alnum.slice(0, length))) return true;
    }
  }
  return false;
}

/** Payment card numbers: 13 to 19 digits passing the Luhn check. */
function isCardNumber(candidate: string): boolean {
  const digits = candidate.replace(/[\s-]/g, '');
  if (!/^\d{13,19}$/.test(digits) || /^(\d)\1+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The Slovenian personal number (EMŠO): 13 digits, a valid date of birth and mod-11 check digit. */
function isEmso(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  if (day < 1 || day > 31 || month < 1 || month > 12) return false;
  const weights = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(digits[i]), 0);
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === Number(digits[12]);
}

/** A keyword for a secret followed by a value: `password: x`, `geslo je x`, `PIN=1234`. */
const CREDENTIAL =
  /\b(?:password|passwd|pwd|passcode|pin|geslo|gesla|geslom|koda|one-time code|otp)\b\s*(?:[:=]|\bis\b|\bje\b)\s*\S{3,}/i;

const SECRETS: { pattern: RegExp; reason: string }[] = [
  { pattern: /\bskr_[0-9a-z]{26}_[0-9a-z]{26}_\S+/i, reason: 'looks like it carries an API key' },
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, reason: 'looks like it carries an access key' },
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, reason: 'looks like it carries a private key' },
];

export function confidentialFindings(text: string): Finding[] {
  const findings: Finding[] = [];
  const add = (reason: string) => {
    if (!findings.some((f) => f.reason === reason)) findings.push({ reason });
  };
  if (ibanIn(text)) add('looks like it carries a bank account number (IBAN)');
  for (const match of text.matchAll(/\b\d(?:[\s-]?\d){12,18}\b/g)) {
    if (isCardNumber(match[0])) add('looks like it carries a payment card number');
  }
  for (const match of text.matchAll(/\b\d{13}\b/g)) {
    if (isEmso(match[0])) add('looks like it carries a personal identification number (EMŠO)');
  }
  if (CREDENTIAL.test(text)) add('looks like it carries a password or access code');
  for (const { pattern, reason } of SECRETS) if (pattern.test(text)) add(reason);
  return findings;
}

/** At most this many identifiers of a text are looked up (one query each); a text with more is refused, not cut short. */
export const MAX_IDENTIFIER_LOOKUPS = 50;

/**
 * Values in a text that could be a data subject's e-mail address or tax number, normalised as
 * the blind index normalises them, for the caller to look up in the tenant's index.
 */
export function identifierCandidates(text: string): { kind: LookupKind; value: string }[] {
  const found = new Map<string, { kind: LookupKind; value: string }>();
  for (const match of text.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)) {
    const value = normaliseLookup('email', match[0]);
    found.set(`email:${value}`, { kind: 'email', value });
  }
  // Tax numbers as subjects' records hold them: 8 to 13 digits, with or without a country prefix.
  for (const match of text.matchAll(/\b(?:[A-Z]{2}\s?)?\d(?:[\s.-]?\d){7,12}\b/gi)) {
    const value = normaliseLookup('taxNumber', match[0]);
    found.set(`taxNumber:${value}`, { kind: 'taxNumber', value });
    const digits = value.replace(/^[A-Z]{2}/, '');
    if (digits !== value) found.set(`taxNumber:${digits}`, { kind: 'taxNumber', value: digits });
  }
  return [...found.values()];
}

export type RecipientDecision = { send: true; email: string; language: Language | undefined } | { send: false; reason: SkipReason };

/** The first attribute of that name (any case) holding a string, across the subject's sets. */
function attribute(subject: Pick<Subject, 'attributeSets'>, name: string): string | undefined {
  for (const set of subject.attributeSets) {
    for (const [key, value] of Object.entries(set.attributes)) {
      if (key.toLowerCase() === name.toLowerCase() && typeof value === 'string' && value.trim() !== '') return value.trim();
    }
  }
  return undefined;
}

/**
 * obligation: BRE-5, DAT-4 — whom a campaign sends to. A restricted subject is not sent to: its
 * data is kept but not processed, notices included (docs/decisions.md); the tenant sees it as
 * skipped and can reach that person another way. A subject without an e-mail address is skipped
 * too. The language is an attribute `language` (`sl`, `en`, or e.g. `sl-SI`) when one is given.
 */
export function decideRecipient(subject: Pick<Subject, 'attributeSets' | 'restriction'>): RecipientDecision {
  if (subject.restriction !== undefined) return { send: false, reason: 'restricted' };
  const email = attribute(subject, 'email');
  if (email === undefined || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { send: false, reason: 'no-email' };
  const tag = attribute(subject, 'language')?.toLowerCase().slice(0, 2);
  const language = LANGUAGES.find((l) => l === tag);
  return { send: true, email, language };
}

/**
 * Public texts (the status page: incident notices, maintenance descriptions) are checked like a
 * breach communication's body: they are read by anyone, so a bank account, a card number, an EMŠO
 * or a credential in them is refused, naming the field.
 */
export function checkPublicTexts(texts: Record<string, string>): void {
  for (const [field, text] of Object.entries(texts)) {
    const [finding] = confidentialFindings(text);
    if (finding) throw new RuleViolation(field, `${finding.reason}; the status page is public`, 'body');
  }
}
