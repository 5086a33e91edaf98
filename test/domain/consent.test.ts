import { describe, expect, it } from 'vitest';
import {
  CONSENT_STATES,
  TRANSITIONS,
  confirmConsent,
  effectiveStatus,
  mayBeMailed,
  nextState,
  requestConsent,
  withdrawConsent,
} from '../../shared/domain/consent.ts';
import type { ConsentEventName, ConsentRecord, ConsentState } from '../../shared/domain/consent.ts';
import { RuleViolation } from '../../shared/domain/rule-violation.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const input = { purpose: 'newsletter', title: 'Newsletter', text: { version: '2026-01', sha256: 'a'.repeat(64) }, source: 'web-form' as const };
const ctx = { subjectId: '01jb0000000000000000000000', actor: 'key:k', expiryDays: 7, now: NOW };

function pending(): ConsentRecord {
  return requestConsent(undefined, input, ctx).record;
}

describe('the consent state machine', () => {
  const EVENTS: ConsentEventName[] = ['request', 'confirm', 'withdraw', 'expire'];
  it.each<[ConsentState | 'none', ConsentEventName, ConsentState | undefined]>([
    ['none', 'request', 'pending'],
    ['none', 'confirm', undefined],
    ['none', 'withdraw', undefined],
    ['pending', 'request', 'pending'],
    ['pending', 'confirm', 'confirmed'],
    ['pending', 'withdraw', 'withdrawn'],
    ['pending', 'expire', 'expired'],
    ['confirmed', 'request', undefined],
    ['confirmed', 'confirm', undefined],
    ['confirmed', 'withdraw', 'withdrawn'],
    ['confirmed', 'expire', undefined],
    ['withdrawn', 'request', 'pending'],
    ['withdrawn', 'confirm', undefined],
    ['withdrawn', 'withdraw', undefined],
    ['expired', 'request', 'pending'],
    ['expired', 'confirm', undefined],
    ['expired', 'withdraw', undefined],
  ])('CON-1 CON-3 %s + %s → %s', (from, event, to) => {
    expect(nextState(from, event)).toBe(to);
  });

  it('CON-1 only pending leads to confirmed, and nothing leaves a state but by the table', () => {
    const into = (state: ConsentState) => Object.entries(TRANSITIONS).filter(([, t]) => Object.values(t).includes(state)).map(([from]) => from);
    expect(into('confirmed')).toEqual(['pending']);
    for (const state of CONSENT_STATES) expect(Object.keys(TRANSITIONS[state]).every((e) => EVENTS.includes(e as ConsentEventName))).toBe(true);
  });
});

describe('requesting, confirming, withdrawing', () => {
  it('CON-1 CON-2 a request is pending with text, source and times; its link expires after the configured days', () => {
    const { record, events } = requestConsent(undefined, { ...input, givenAt: '2026-03-01T09:00:00+01:00' }, ctx);
    expect(record).toMatchObject({ status: 'pending', text: input.text, source: 'web-form', givenAt: '2026-03-01T08:00:00.000Z', requestedAt: NOW.toISOString(), version: 1 });
    expect(record.expiresAt).toBe(at(7 * DAY).toISOString());
    expect(events).toEqual([expect.objectContaining({ event: 'request', status: 'pending', text: input.text, givenAt: record.givenAt, expiresAt: record.expiresAt })]);
  });

  it.each([
    ['a purpose that is not a slug', { ...input, purpose: 'News letter' }, 'purpose'],
    ['consent given in the future', { ...input, givenAt: at(60_000).toISOString() }, 'givenAt'],
  ])('CON-2 refuses %s', (_what, bad, field) => {
    expect(() => requestConsent(undefined, bad, ctx)).toThrow(expect.objectContaining({ field }));
  });

  it.each([
    ['a second before the expiry', 7 * DAY - 1000, 'pending'],
    ['at the expiry', 7 * DAY, 'expired'],
    ['a day after', 8 * DAY, 'expired'],
  ])('CON-1 a pending record %s counts as %s', (_what, ms, status) => {
    expect(effectiveStatus(pending(), at(ms))).toBe(status);
  });

  it('CON-1 confirmation works before the expiry and not after it, nor twice', () => {
    const record = pending();
    const { record: confirmed, events } = confirmConsent(record, at(DAY));
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmedAt: at(DAY).toISOString(), version: 2 });
    expect(confirmed.expiresAt).toBeUndefined();
    expect(events).toEqual([expect.objectContaining({ event: 'confirm', actor: 'data-subject' })]);
    expect(() => confirmConsent(confirmed, at(DAY))).toThrow(RuleViolation);
    expect(() => confirmConsent(record, at(7 * DAY))).toThrow(RuleViolation);
  });

  it('CON-3 withdrawal ends a confirmed or pending consent; a withdrawn or expired one has nothing to withdraw', () => {
    const confirmed = confirmConsent(pending(), at(DAY)).record;
    const withdrawn = withdrawConsent(confirmed, { source: 'objection', actor: 'key:k', now: at(2 * DAY) });
    expect(withdrawn?.record).toMatchObject({ status: 'withdrawn', withdrawnAt: at(2 * DAY).toISOString(), withdrawalSource: 'objection' });
    expect(withdrawConsent(pending(), { source: 'tenant', actor: 'key:k', now: at(DAY) })?.record.status).toBe('withdrawn');
    expect(withdrawConsent(withdrawn!.record, { source: 'tenant', actor: 'key:k', now: at(3 * DAY) })).toBeUndefined();
    expect(withdrawConsent(pending(), { source: 'tenant', actor: 'key:k', now: at(8 * DAY) })).toBeUndefined();
  });

  it('CON-2 a new request after expiry records the expiry (dated at it) and starts a new pending record', () => {
    const { record, events } = requestConsent(pending(), input, { ...ctx, now: at(10 * DAY) });
    expect(events.map((e) => [e.event, e.at])).toEqual([
      ['expire', at(7 * DAY).toISOString()],
      ['request', at(10 * DAY).toISOString()],
    ]);
    expect(record).toMatchObject({ status: 'pending', version: 3, expiresAt: at(17 * DAY).toISOString() });
  });

  it('CON-1 a confirmed consent is not requested again: it stands until withdrawn', () => {
    const confirmed = confirmConsent(pending(), at(DAY)).record;
    expect(() => requestConsent(confirmed, input, { ...ctx, now: at(2 * DAY) })).toThrow(expect.objectContaining({ field: 'purpose' }));
  });
});

describe('who may be mailed', () => {
  const confirmed = confirmConsent(pending(), at(DAY)).record;
  const ok = { restricted: false, addressConfirmed: true };
  it.each<[string, ConsentRecord | undefined, { restricted: boolean; addressConfirmed: boolean }, boolean]>([
    ['confirmed, unrestricted, at the confirmed address', confirmed, ok, true],
    ['no consent', undefined, ok, false],
    ['pending', pending(), ok, false],
    ['withdrawn', withdrawConsent(confirmed, { source: 'data-subject', actor: 'data-subject', now: at(2 * DAY) })!.record, ok, false],
    ['restricted', confirmed, { restricted: true, addressConfirmed: true }, false],
    ['at an address that did not confirm', confirmed, { restricted: false, addressConfirmed: false }, false],
  ])('CON-1 CON-3 %s → %s', (_what, record, subject, expected) => {
    expect(mayBeMailed(record, subject, at(2 * DAY))).toBe(expected);
  });
});
