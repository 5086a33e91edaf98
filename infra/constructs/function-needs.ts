import type { BlindIndexSecret } from './blind-index-secret.ts';
import type { LinkSigningSecret } from './link-signing-secret.ts';
import type { CompliantFunction } from './compliant-function.ts';
import type { ExportAccess, ExportBucket } from './export-bucket.ts';
import type { Notices } from './notices.ts';
import type { SkrbnikApi } from './skrbnik-api.ts';

/**
 * What a function needs, for what both the API's functions (infra/constructs/skrbnik-api.ts) and
 * the jobs (infra/constructs/scheduled-jobs.ts) may need; each grant follows from one entry here
 * ({@link grantNeeds}).
 */
export interface FunctionNeeds {
  /**
   * obligation: DAT-6 — it computes blind-index HMACs (subjects' create, update and lookup, the
   * purge's recomputation when a removed attribute set held an e-mail or tax number) or credential
   * hashes (DAT-9, peppered with a key derived from it), so it may read the blind-index secret.
   *
   * @default false
   */
  readonly blindIndex?: boolean;
  /**
   * obligation: CON-1, DSR-5, DSR-8, TEN-3 — it signs or checks public links (consent, export and
   * intake confirmation links), so it may read the link-signing secret.
   *
   * @default false
   */
  readonly signsLinks?: boolean;
  /**
   * It sends e-mail through the notice outbox (shared/notices/outbox.ts), so it becomes a notice
   * sender ({@link Notices.grantSend}): SES from the sender address only, and the notice topic.
   *
   * @default false
   */
  readonly sendsNotices?: boolean;
  /**
   * obligation: BRE-2 — it texts security contacts' phones (breach notices).
   *
   * @default false
   */
  readonly sendsSms?: boolean;
  /**
   * obligation: TEN-2, DUN-3, DUN-4, DUN-5, DUN-6 — it changes what a tenant's keys may do
   * (revocation, reactivation, dormant: capture only, deleting: nothing, termination of a dormant
   * tenant) or deletes the keys, and calls `flushAuthorizerCache()` (shared/clients/api-gateway.ts),
   * so the change takes effect at once rather than after the authorizer cache's TTL
   * ({@link SkrbnikApi.grantAuthorizerCacheFlush}).
   *
   * @default false
   */
  readonly flushesAuthorizerCache?: boolean;
  /**
   * obligation: EXP-1, EXP-2, DSR-5, DSR-6 — what it does with the export bucket
   * ({@link ExportBucket.grantAccess}): `download` presigns links, `write` stores exports,
   * `delete` removes them (erasure, expiry, tenant deletion).
   *
   * @default - it never touches the bucket
   */
  readonly exports?: ExportAccess;
}

/** What {@link grantNeeds} grants from. */
export interface NeedsGrantors {
  /** The blind-index secret, for {@link FunctionNeeds.blindIndex}. */
  readonly blindIndexSecret: BlindIndexSecret;
  /** The link-signing secret, for {@link FunctionNeeds.signsLinks}. */
  readonly linkSigningSecret: LinkSigningSecret;
  /** The notice topic and e-mail sender, for {@link FunctionNeeds.sendsNotices} and `sendsSms`. */
  readonly notices: Notices;
  /** The API whose authorizer cache is flushed, for {@link FunctionNeeds.flushesAuthorizerCache}. */
  readonly api: Pick<SkrbnikApi, 'grantAuthorizerCacheFlush'>;
  /** The export bucket, for {@link FunctionNeeds.exports}. */
  readonly exportBucket: ExportBucket;
}

/**
 * Grants `fn` what `needs` declares and nothing else. `ownGrants` makes the caller's grants beyond
 * {@link FunctionNeeds}, right after the blind-index secret's: grants become the role's policy
 * statements and the function's variables in the order they are made, and this order is the one
 * the API's functions had before the grants were shared, so their template stays as it was.
 */
export function grantNeeds(fn: CompliantFunction, needs: FunctionNeeds, grantors: NeedsGrantors, ownGrants?: () => void): void {
  if (needs.blindIndex) grantors.blindIndexSecret.grantRead(fn);
  ownGrants?.();
  if (needs.signsLinks) grantors.linkSigningSecret.grantRead(fn);
  if (needs.sendsNotices) grantors.notices.grantSend(fn);
  if (needs.sendsSms) grantors.notices.grantSms(fn);
  if (needs.flushesAuthorizerCache) grantors.api.grantAuthorizerCacheFlush(fn);
  if (needs.exports) grantors.exportBucket.grantAccess(fn, needs.exports);
}
