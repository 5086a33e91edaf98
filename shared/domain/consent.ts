import { RuleViolation } from './rule-violation.ts';

/**
 * Consent per (data subject, purpose), confirmed by double opt-in (CON-1), with its evidence
 * (CON-2) and its withdrawal (CON-3). Pure rules: every function takes `now`.
 */

/** A purpose is a tenant's slug such as `newsletter`: it appears in keys and links, so no free text. */
export const PURPOSE = /^[a-z][a-z0-9-]{0,39}$/;

export const CONSENT_STATES = ['pending', 'confirmed', 'withdrawn', 'expired'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export const CONSENT_SOURCES = ['web-form', 'paper', 'api', 'e-mail', 'phone', 'in-person'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** Who ended a consent: the person, the tenant on the person's word, an objection, a privacy request. */
export const WITHDRAWAL_SOURCES = ['data-subject', 'tenant', 'objection', 'privacy-request'] as const;
export type WithdrawalSource = (typeof WITHDRAWAL_SOURCES)[number];

export type ConsentEventName = 'request' | 'confirm' | 'withdraw' | 'expire';

/**
 * obligation: CON-1, CON-3 — the state machine as data. `request` on a pending record sends a new
 * link that replaces the old one; from `expired` or `withdrawn` it starts a new pending record
 * (the events keep the earlier one). Only `confirm` leads to `confirmed`, and only from `pending`.
 * A confirmed consent is not requested again: it stands until it is withdrawn.
 */
export const TRANSITIONS: Readonly<Record<ConsentState | 'none', Partial<Record<ConsentEventName, ConsentState>>>> = {
  none: { request: 'pending' },
  pending: { request: 'pending', confirm: 'confirmed', withdraw: 'withdrawn', expire: 'expired' },
  confirmed: { withdraw: 'withdrawn' },
  withdrawn: { request: 'pending' },
  expired: { request: 'pending' },
};

export function nextState(from: ConsentState | 'none', event: ConsentEventName): ConsentState | undefined {
  return TRANSITIONS[from][event];
}

/** What the person agreed to: a version of the tenant's text and the SHA-256 (hex) of that text. */
export interface ConsentText {
  version: string;
  sha256: string;
}

export interface ConsentRecord {
  subjectId: string;
  purpose: string;
  /** A short human description of the purpose, shown in the confirmation e-mail and pages. */
  title: string;
  status: ConsentState;
  text: ConsentText;
  source: ConsentSource;
  /** When the person gave the consent at the source (ticked the box, signed the paper). */
  givenAt: string;
  requestedAt: string;
  /** Pending only: the confirmation link works until then. */
  expiresAt?: string;
  confirmedAt?: string;
  withdrawnAt?: string;
  withdrawalSource?: WithdrawalSource;
  /** When the confirmation e-mail went out, and SES's message id (evidence of CON-1). */
  mailSentAt?: string;
  mailMessageId?: string;
  /** Counts changes: every write is conditional on the one it read. */
  version: number;
}

/** One entry of the append-only history (CON-2): the facts at that step, never rewritten. */
export interface ConsentEvent {
  at: string;
  event: ConsentEventName;
  status: ConsentState;
  actor: string;
  text?: ConsentText;
  source?: ConsentSource;
  givenAt?: string;
  expiresAt?: string;
  withdrawalSource?: WithdrawalSource;
}

export interface ConsentRequestInput {
  purpose: string;
  title: string;
  text: ConsentText;
  source: ConsentSource;
  givenAt?: string;
}

const DAY_MS = 86_400_000;

/** obligation: CON-1 — a pending record whose link has passed its expiry counts as expired. */
export function effectiveStatus(record: Pick<ConsentRecord, 'status' | 'expiresAt'>, now: Date): ConsentState {
  if (record.status === 'pending' && record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  return record.status;
}

function refuse(from: ConsentState | 'none', event: ConsentEventName): never {
  const what = { request: 'requested', confirm: 'confirmed', withdraw: 'withdrawn', expire: 'expired' }[event];
  throw new RuleViolation('purpose', `a consent that is ${from === 'none' ? 'not recorded' : from} cannot be ${what}`);
}

/**
 * The record as it stands, with an `expire` event first when its link ran out unnoticed: that
 * event is dated at the expiry, so the history shows when the link stopped working.
 */
function settled(record: ConsentRecord | undefined, actor: string, now: Date): { record: ConsentRecord | undefined; events: ConsentEvent[] } {
  if (!record || effectiveStatus(record, now) !== 'expired' || record.status === 'expired') return { record, events: [] };
  const { expiresAt, ...rest } = record;
  const expired: ConsentRecord = { ...rest, status: 'expired', version: record.version + 1 };
  return { record: expired, events: [{ at: expiresAt!, event: 'expire', status: 'expired', actor }] };
}

/**
 * obligation: CON-1, CON-2 — a request for consent: a new pending record with the text, source and
 * time, whose link expires after `expiryDays`. `givenAt` may not lie in the future.
 */
export function requestConsent(
  current: ConsentRecord | undefined,
  input: ConsentRequestInput,
  ctx: { subjectId: string; actor: string; expiryDays: number; now: Date },
): { record: ConsentRecord; events: ConsentEvent[] } {
  if (!PURPOSE.test(input.purpose)) throw new RuleViolation('purpose', 'must be a slug such as newsletter');
  const { record: before, events } = settled(current, ctx.actor, ctx.now);
  const from = before?.status ?? 'none';
  if (nextState(from, 'request') === undefined) refuse(from, 'request');
  const givenAt = input.givenAt ?? ctx.now.toISOString();
  if (Date.parse(givenAt) > ctx.now.getTime()) throw new RuleViolation('givenAt', 'must not lie in the future');
  const at = ctx.now.toISOString();
  const expiresAt = new Date(ctx.now.getTime() + ctx.expiryDays * DAY_MS).toISOString();
  const record: ConsentRecord = {
    subjectId: ctx.subjectId,
    purpose: input.purpose,
    title: input.title,
    status: 'pending',
    text: input.text,
    source: input.source,
    givenAt: new Date(givenAt).toISOString(),
    requestedAt: at,
    expiresAt,
    version: (before?.version ?? 0) + 1,
  };
  events.push({ at, event: 'request', status: 'pending', actor: ctx.actor, text: input.text, source: input.source, givenAt: record.givenAt, expiresAt });
  return { record, events };
}

/** obligation: CON-1 — the person confirms through the link: only a pending, unexpired record. */
export function confirmConsent(current: ConsentRecord, now: Date): { record: ConsentRecord; events: ConsentEvent[] } {
  const from = effectiveStatus(current, now);
  if (nextState(from, 'confirm') === undefined) refuse(from, 'confirm');
  const at = now.toISOString();
  const { expiresAt: _used, ...rest } = current;
  return {
    record: { ...rest, status: 'confirmed', confirmedAt: at, version: current.version + 1 },
    events: [{ at, event: 'confirm', status: 'confirmed', actor: 'data-subject' }],
  };
}

/**
 * obligation: CON-3 — withdrawal ends the consent at once; a pending request is withdrawn too (its
 * link stops working). Withdrawn and expired records have nothing to withdraw: `undefined`.
 */
export function withdrawConsent(
  current: ConsentRecord,
  ctx: { source: WithdrawalSource; actor: string; now: Date },
): { record: ConsentRecord; events: ConsentEvent[] } | undefined {
  const from = effectiveStatus(current, ctx.now);
  if (nextState(from, 'withdraw') === undefined) return undefined;
  const at = ctx.now.toISOString();
  const { expiresAt: _dropped, ...rest } = current;
  return {
    record: { ...rest, status: 'withdrawn', withdrawnAt: at, withdrawalSource: ctx.source, version: current.version + 1 },
    events: [{ at, event: 'withdraw', status: 'withdrawn', actor: ctx.actor, withdrawalSource: ctx.source }],
  };
}

/**
 * obligation: CON-1, CON-3 — may this subject be mailed for this purpose? Only with a confirmed
 * consent, to the very address the confirmation went to, and while processing is not restricted.
 */
export function mayBeMailed(
  record: Pick<ConsentRecord, 'status' | 'expiresAt'> | undefined,
  subject: { restricted: boolean; addressConfirmed: boolean },
  now: Date,
): boolean {
  return record !== undefined && effectiveStatus(record, now) === 'confirmed' && !subject.restricted && subject.addressConfirmed;
}
