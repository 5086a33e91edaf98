import { blindIndexSecret } from '../clients/secrets.ts';
import { blindIndex } from '../crypto/blind-index.ts';
import { MAX_IDENTIFIER_LOOKUPS, confidentialFindings, identifierCandidates } from '../domain/breach-communication.ts';
import { RuleViolation } from '../domain/rule-violation.ts';
import { anySubjectHolds } from '../store/lookups.ts';
import type { TenantScope } from '../store/tenant-scope.ts';

/**
 * obligation: BRE-5, DSR-11 — refuses texts that leave the platform by e-mail (an Art. 34
 * communication, an assistance request) when they carry confidential data: the patterns of
 * `confidentialFindings`, and any e-mail address or tax number of one of the tenant's own data
 * subjects (looked up in the blind index, so the values are compared without being stored).
 * The problem names the field and what was found, never the value; `reasonTail` says what to do.
 */
export async function refuseSubjectIdentifiers(scope: TenantScope, texts: { field: string; value: string }[], reasonTail: string): Promise<void> {
  for (const { field, value } of texts) {
    const [finding] = confidentialFindings(value);
    if (finding) throw new RuleViolation(field, `${finding.reason}; ${reasonTail}`);
  }
  const candidates = texts.map(({ field, value }) => ({ field, candidates: identifierCandidates(value) }));
  for (const { field, candidates: found } of candidates) {
    // Checking only some would let a padded text slip a subject's identifier past the check.
    if (found.length > MAX_IDENTIFIER_LOOKUPS) throw new RuleViolation(field, `holds more than ${MAX_IDENTIFIER_LOOKUPS} e-mail addresses or numbers; ${reasonTail}`);
  }
  if (candidates.every((c) => c.candidates.length === 0)) return;
  const secret = await blindIndexSecret();
  for (const { field, candidates: found } of candidates) {
    const held = await Promise.all(found.map(async ({ kind, value }) => ((await anySubjectHolds(scope, kind, blindIndex(secret, scope.tenantId, kind, value))) ? kind : undefined)));
    const kind = held.find((k) => k !== undefined);
    if (kind) throw new RuleViolation(field, `carries ${kind === 'email' ? 'an e-mail address' : 'a tax number'} of one of your data subjects; ${reasonTail}`);
  }
}
