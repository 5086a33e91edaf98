import { describe, expect, it } from 'vitest';
import { REQUEST_EVENTS, REQUEST_LIFECYCLE, REQUEST_STATES, isOpen, requestTransition } from '../../shared/domain/privacy-requests/lifecycle.ts';

describe('DSR-1 DSR-3 the privacy-request lifecycle', () => {
  it.each([
    ['received', 'identity-verified', 'verified'],
    ['received', 'identity-not-verified', 'received'],
    ['received', 'extended', 'received'],
    ['verified', 'extended', 'verified'],
    ['awaiting-fee', 'extended', 'awaiting-fee'],
    ['verified', 'fee-requested', 'awaiting-fee'],
    ['awaiting-fee', 'fee-paid', 'verified'],
    ['verified', 'fulfilled', 'completed'],
    ['received', 'declined', 'declined'],
    ['verified', 'declined', 'declined'],
    ['awaiting-fee', 'declined', 'declined'],
    ['received', 'withdrawn', 'withdrawn'],
    ['awaiting-fee', 'withdrawn', 'withdrawn'],
  ] as const)('DSR-1 %s --%s--> %s', (from, event, to) => {
    expect(requestTransition(from, event)?.to).toBe(to);
  });

  it('DSR-2 a request cannot be fulfilled before the identity is verified, nor while a fee is unpaid', () => {
    expect(requestTransition('received', 'fulfilled')).toBeUndefined();
    expect(requestTransition('awaiting-fee', 'fulfilled')).toBeUndefined();
  });

  it('DSR-4 a fee is asked only once identity is verified', () => {
    expect(requestTransition('received', 'fee-requested')).toBeUndefined();
  });

  it('DSR-3 closed requests take no event at all', () => {
    for (const state of REQUEST_STATES.filter((s) => !isOpen(s))) {
      for (const event of REQUEST_EVENTS) expect(requestTransition(state, event), `${state} ${event}`).toBeUndefined();
    }
  });

  it('DSR-3 DSR-10 every way a request closes with an outcome sends the requester an answer', () => {
    const closing = REQUEST_LIFECYCLE.transitions.filter((t) => !isOpen(t.to) && t.to !== 'withdrawn');
    expect(closing.map((t) => t.event).sort()).toEqual(['declined', 'fulfilled']);
    for (const t of closing) expect(t.effects.some((e) => e === 'send-answer' || e === 'send-refusal')).toBe(true);
  });

  it('DSR-7 fulfilment notifies the recipients after carrying the request out', () => {
    const effects = requestTransition('verified', 'fulfilled')!.effects;
    expect(effects.indexOf('carry-out')).toBeLessThan(effects.indexOf('notify-recipients'));
  });

  it('every state is reachable from the initial one', () => {
    const reached = new Set<string>([REQUEST_LIFECYCLE.initial]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of REQUEST_LIFECYCLE.transitions) {
        if (t.from.some((f) => reached.has(f)) && !reached.has(t.to)) {
          reached.add(t.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...REQUEST_STATES].sort());
  });
});
