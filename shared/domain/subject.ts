import { MAX_ATTRIBUTE_BYTES, attributeBytes } from '../model/subject.ts';
import type { AttributeSet, CreateSubjectInput, Subject, UpdateSubjectInput } from '../model/subject.ts';
import { RuleViolation } from './rule-violation.ts';

/**
 * Attribute names that betray special-category data (GDPR Art. 9/10) in a set that does not
 * declare one: a careful processor refuses them rather than store health data as "notes".
 */
const SPECIAL_PREFIXES = [
  'health', 'diagnos', 'medical', 'illness', 'disabilit', 'sickleave', 'religio', 'faith', 'politic', 'tradeunion',
  'sexualorientation', 'sexlife', 'criminal', 'conviction', 'genetic', 'biometric', 'fingerprint', 'faceprint', 'ethnic',
];
/** Short hints match whole words only: `race` must not catch `traceId`, nor `dna` `dnaKit`'s neighbours. */
const SPECIAL_WORDS = ['race', 'dna'];

/** `sickLeave_days` → ['sick', 'leave', 'days'], and the joined pairs ('sickleave', 'leavedays'). */
function wordsOf(name: string): string[] {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return [...words, ...words.slice(1).map((w, i) => words[i] + w)];
}

function looksSpecial(name: string): boolean {
  return wordsOf(name).some((w) => SPECIAL_WORDS.includes(w) || SPECIAL_PREFIXES.some((p) => w.startsWith(p)));
}

/**
 * obligation: DAT-9 — names that denote a credential (English, Slovenian, Croatian, German): an
 * attribute set keeps its values in clear, in every version and export, so a PIN or a password
 * is refused there and set through the subject's credentials instead (a slow salted hash).
 * Prefixes catch `passwords`, `geslom`, `lozinka`; short words match whole words only, so `pin`
 * leaves `pinned` and `spinId` alone and `secret` leaves `secretary`.
 */
const CREDENTIAL_PREFIXES = ['passw', 'passcode', 'passphrase', 'gesl', 'lozink', 'kennwort'];
const CREDENTIAL_WORDS = ['pin', 'pins', 'pincode', 'pinkoda', 'pwd', 'otp', 'totp', 'secret', 'secrets'];

export function looksLikeCredential(name: string): boolean {
  return wordsOf(name).some((w) => CREDENTIAL_WORDS.includes(w) || CREDENTIAL_PREFIXES.some((p) => w.startsWith(p)));
}

/** What a refusal of a credential-like name says: where the value belongs instead. */
export const CREDENTIAL_ATTRIBUTE_REASON =
  'looks like a credential (DAT-9), which an attribute set would keep in clear: set it with POST /v1/subjects/{subjectId}/credentials/{name}, which keeps only a slow salted hash';

/**
 * obligation: RET-1, CON-3 — the retention fields fit the set's legal basis: a legal period only
 * under a legal obligation (and needed once its period runs), a consent purpose only under
 * consent, and no end date under consent (consent ends by its withdrawal, on the consent record).
 */
function checkRetentionFields(set: AttributeSet, at: string): void {
  if (set.legalPeriodYears !== undefined && set.legalBasis !== 'legal-obligation') {
    throw new RuleViolation(`${at}.legalPeriodYears`, 'a legal retention period belongs to a set under legal-obligation only');
  }
  if (set.legalBasis === 'legal-obligation' && set.basisEndedOn !== undefined && set.legalPeriodYears === undefined) {
    throw new RuleViolation(`${at}.legalPeriodYears`, 'give the legal retention period in years once the period runs (basisEndedOn)');
  }
  if (set.consentPurpose !== undefined && set.legalBasis !== 'consent') {
    throw new RuleViolation(`${at}.consentPurpose`, 'a consent purpose belongs to a set under consent only');
  }
  if (set.basisEndedOn !== undefined && set.legalBasis === 'consent') {
    throw new RuleViolation(`${at}.basisEndedOn`, 'consent ends by its withdrawal, recorded on the consent, not by a date on the set');
  }
}

/**
 * obligation: DAT-2, DAT-3, DAT-9 — each set has a legal basis (the schema requires it); a set with
 * special-category data needs a declared category and recorded explicit consent; no set holds a
 * credential.
 */
export function checkAttributeSets(sets: readonly AttributeSet[], path = 'attributeSets'): void {
  sets.forEach((set, i) => {
    checkRetentionFields(set, `${path}.${i}`);
    // obligation: DAT-9 — no credential in clear: neither a set nor an attribute named like one.
    if (looksLikeCredential(set.name)) throw new RuleViolation(`${path}.${i}.name`, CREDENTIAL_ATTRIBUTE_REASON);
    for (const name of Object.keys(set.attributes)) {
      if (looksLikeCredential(name)) throw new RuleViolation(`${path}.${i}.attributes.${name}`, CREDENTIAL_ATTRIBUTE_REASON);
    }
    if (set.specialCategory !== undefined && set.explicitConsent === undefined) {
      throw new RuleViolation(`${path}.${i}.explicitConsent`, 'special-category data needs recorded explicit consent');
    }
    if (set.specialCategory === undefined) {
      for (const name of Object.keys(set.attributes)) {
        if (looksSpecial(name)) {
          throw new RuleViolation(
            `${path}.${i}.attributes.${name}`,
            'looks like special-category data: declare specialCategory and record explicit consent',
          );
        }
      }
    }
  });
}

/**
 * obligation: DAT-6 — a subject can be found by at most this many e-mail addresses and tax
 * numbers together. Each is an index entry that the erasure removes in the one transaction that
 * writes the tombstone, so the cap keeps every erasure within DynamoDB's 100 actions.
 */
export const MAX_LOOKUP_VALUES = 20;

function checkLookupCount(sets: readonly AttributeSet[]): void {
  if (lookupValues({ attributeSets: [...sets] }).length > MAX_LOOKUP_VALUES) {
    throw new RuleViolation('attributeSets', `a subject has at most ${MAX_LOOKUP_VALUES} e-mail addresses and tax numbers together`);
  }
}

export function newSubject(input: CreateSubjectInput, ctx: { id: string; now: Date }): Subject {
  checkAttributeSets(input.attributeSets);
  checkLookupCount(input.attributeSets);
  const at = ctx.now.toISOString();
  return {
    id: ctx.id,
    category: input.category,
    endUser: input.endUser,
    attributeSets: input.attributeSets,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

function nextVersion(subject: Subject, changed: string[], now: Date): { subject: Subject; changed: string[] } {
  if (changed.length === 0) return { subject, changed };
  return { subject: { ...subject, version: subject.version + 1, updatedAt: now.toISOString() }, changed };
}

/** obligation: DAT-1 — rectification; returns the new record and what changed (by name). */
export function rectify(subject: Subject, update: UpdateSubjectInput, now: Date): { subject: Subject; changed: string[] } {
  const changed: string[] = [];
  const next: Subject = structuredClone(subject);
  if (update.category !== undefined && update.category !== next.category) {
    next.category = update.category;
    changed.push('category');
  }
  if (update.endUser !== undefined && update.endUser !== next.endUser) {
    next.endUser = update.endUser;
    changed.push('endUser');
  }
  for (const name of update.removeAttributeSets ?? []) {
    const index = next.attributeSets.findIndex((s) => s.name === name);
    if (index < 0) throw new RuleViolation('removeAttributeSets', `there is no attribute set "${name}"`);
    next.attributeSets.splice(index, 1);
    changed.push(`attributeSets.${name}`);
  }
  if (update.attributeSets) {
    checkAttributeSets(update.attributeSets);
    for (const set of update.attributeSets) {
      const index = next.attributeSets.findIndex((s) => s.name === set.name);
      if (index >= 0 && JSON.stringify(next.attributeSets[index]) === JSON.stringify(set)) continue;
      if (index >= 0) next.attributeSets[index] = set;
      else next.attributeSets.push(set);
      changed.push(`attributeSets.${set.name}`);
    }
  }
  if (next.attributeSets.length === 0) throw new RuleViolation('removeAttributeSets', 'a subject keeps at least one attribute set');
  if (next.attributeSets.length > 20) throw new RuleViolation('attributeSets', 'a subject has at most 20 attribute sets');
  if (attributeBytes(next.attributeSets) > MAX_ATTRIBUTE_BYTES) {
    throw new RuleViolation('attributeSets', `attribute sets may take at most ${MAX_ATTRIBUTE_BYTES} bytes together`);
  }
  checkLookupCount(next.attributeSets);
  return nextVersion(next, [...new Set(changed)], now);
}

/** obligation: DAT-4 — restriction keeps the data and stops its processing. */
export function restrict(subject: Subject, reason: string, by: string, now: Date) {
  if (subject.restriction) return { subject, changed: [] };
  return nextVersion({ ...subject, restriction: { reason, at: now.toISOString(), by } }, ['restriction'], now);
}

export function liftRestriction(subject: Subject, now: Date) {
  if (!subject.restriction) return { subject, changed: [] };
  const { restriction: _lifted, ...rest } = subject;
  return nextVersion(rest, ['restriction'], now);
}

export type LookupKind = 'email' | 'taxNumber';

const NORMALISE: Record<LookupKind, (value: string) => string> = {
  email: (v) => v.trim().toLowerCase(),
  taxNumber: (v) => v.replace(/[\s.-]/g, '').toUpperCase(),
};

export function normaliseLookup(kind: LookupKind, value: string): string {
  return NORMALISE[kind](value);
}

/**
 * obligation: DAT-6 — the values a subject can be found by: attributes named `email` or
 * `taxNumber` in any set, normalised. Their clear values never become keys (see blind index).
 */
export function lookupValues(subject: Pick<Subject, 'attributeSets'>): { kind: LookupKind; value: string }[] {
  const found = new Map<string, { kind: LookupKind; value: string }>();
  for (const set of subject.attributeSets) {
    for (const [name, value] of Object.entries(set.attributes)) {
      const kind = (['email', 'taxNumber'] as const).find((k) => k.toLowerCase() === name.toLowerCase());
      if (kind && typeof value === 'string' && value.trim() !== '') {
        const normalised = normaliseLookup(kind, value);
        found.set(`${kind}:${normalised}`, { kind, value: normalised });
      }
    }
  }
  return [...found.values()];
}
