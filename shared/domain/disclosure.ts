import { RuleViolation } from './rule-violation.ts';

/**
 * obligation: AUD-3, DSR-7 — the rules of the disclosure log, pure: who a disclosure may go to,
 * on which basis the vendor itself may disclose, which disclosures covered a subject, and which
 * recipients an Art. 19 notice goes to.
 */

/** What a disclosure was: a download of an export, a notice to a recipient, an authority's request, a tenant's own transfer. */
export const DISCLOSURE_KINDS = ['export-download', 'recipient-notice', 'authority-request', 'transfer'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];

/** Recipients outside the tenant's registry: the person themself, and the public bodies the vendor may answer. */
export const SPECIAL_RECIPIENTS = ['data-subject', 'supervisory-authority', 'court', 'public-authority'] as const;
export type SpecialRecipient = (typeof SPECIAL_RECIPIENTS)[number];

/** Kinds of registered recipients (Art. 4(9)): the vendor's own sub-processors are not in a tenant's registry. */
export const RECIPIENT_KINDS = ['processor', 'controller', 'public-authority', 'other'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** obligation: AUD-3 — the only grounds on which the vendor (processor) discloses a tenant's data. */
export const VENDOR_BASES = ['court-order', 'authority-request', 'tenant-instruction'] as const;
export type VendorBasis = (typeof VENDOR_BASES)[number];

export const CHANGES = ['rectification', 'erasure', 'restriction'] as const;
export type Change = (typeof CHANGES)[number];

/** A disclosure names at most this many subjects: its entry and listings commit in one transaction. */
export const MAX_SUBJECTS_PER_DISCLOSURE = 50;

export function isSpecialRecipient(recipient: string): recipient is SpecialRecipient {
  return (SPECIAL_RECIPIENTS as readonly string[]).includes(recipient);
}

/**
 * A recipient in the tenant's registry is named by its id; anything else in the log is not in the
 * registry: the special recipients, and `tenant` (the controller downloading its own full export).
 */
export function isRegisteredRecipient(recipient: string): boolean {
  return /^[0-9a-z]{26}$/.test(recipient);
}

export interface VendorDisclosure {
  basis: string;
  recipient: string;
  reference: string;
  withholdTenantNotice?: { reason: string } | undefined;
}

/**
 * obligation: AUD-3 — the vendor discloses only on a court order or an authority's written
 * request (to that court or authority), or on the tenant's instruction (to the recipient the
 * tenant named: one of its registered recipients or the data subject). Telling the tenant may be
 * withheld only when an order or request forbids it, never for the tenant's own instruction.
 */
export function checkVendorDisclosure(input: VendorDisclosure): VendorBasis {
  if (!(VENDOR_BASES as readonly string[]).includes(input.basis)) {
    throw new RuleViolation('basis', `the vendor discloses only on a court order, an authority's written request or the tenant's instruction: one of ${VENDOR_BASES.join(', ')}`);
  }
  const basis = input.basis as VendorBasis;
  const toAuthority = input.recipient === 'court' || input.recipient === 'supervisory-authority' || input.recipient === 'public-authority';
  if (basis === 'tenant-instruction') {
    if (toAuthority) throw new RuleViolation('recipient', 'on the tenant’s instruction the data goes to a recipient the tenant registered, or to the data subject');
    if (input.withholdTenantNotice) throw new RuleViolation('withholdTenantNotice', 'the tenant gave the instruction: it is always told');
  } else if (!toAuthority) {
    throw new RuleViolation('recipient', 'on a court order or an authority’s request the data goes to that court or authority: court, supervisory-authority or public-authority');
  }
  return basis;
}

/** The millisecond a lower-case ULID was made at (its first ten characters, Crockford base32). */
export function idTime(id: string): number {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  let time = 0;
  for (const c of id.slice(0, 10)) time = time * 32 + alphabet.indexOf(c);
  return time;
}

/**
 * Whether a disclosure of the whole tenant's data (a full export) held this subject: it did if the
 * subject existed then — made before (its id carries its creation time) and not yet erased.
 */
export function wholeTenantDisclosureCovers(subjectId: string, disclosedAt: string, erasedAt: string | undefined): boolean {
  const at = Date.parse(disclosedAt);
  return idTime(subjectId) <= at && (erasedAt === undefined || Date.parse(erasedAt) > at);
}

/** One line of the log as it concerns one subject. */
export interface SubjectDisclosure {
  disclosureId: string;
  at: string;
  recipient: string;
  kind: DisclosureKind;
  reference: string;
}

/**
 * obligation: DSR-7 — the registered recipients an Art. 19 notice goes to: each recipient the
 * subject's data went to, once, with the disclosures it can find the record by (newest first, at
 * most `max`; earlier notices are not among them, they carried no data). Recipients outside the
 * registry (the person, courts, authorities, the tenant itself) get no notice from the log.
 */
export function recipientsToNotify(disclosures: readonly SubjectDisclosure[], max = 5): Map<string, SubjectDisclosure[]> {
  const byRecipient = new Map<string, SubjectDisclosure[]>();
  const newestFirst = [...disclosures].sort((a, b) => b.at.localeCompare(a.at));
  for (const d of newestFirst) {
    if (!isRegisteredRecipient(d.recipient)) continue;
    const list = byRecipient.get(d.recipient) ?? [];
    if (d.kind !== 'recipient-notice' && list.length < max) list.push(d);
    byRecipient.set(d.recipient, list);
  }
  return byRecipient;
}

/**
 * The outbox kind of an Art. 19 notice: one per subject, change and occasion (the privacy request,
 * or the change itself for a direct one), so a rerun or a second call sends nothing twice.
 */
export function recipientNoticeKind(change: Change, occasion: string): string {
  return `recipient-notice#${change}#${occasion}`;
}
