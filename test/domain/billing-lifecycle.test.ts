import { describe, expect, it } from 'vitest';
import { BILLING_STATES } from '../../shared/model/billing-state.ts';
import type { BillingState } from '../../shared/model/billing-state.ts';
import { EFFECTS, LIFECYCLE, LIFECYCLE_EVENTS, accessIn, lifecycleMarkdown, transition } from '../../shared/domain/billing/lifecycle.ts';
import type { Access, Effect, LifecycleEvent } from '../../shared/domain/billing/lifecycle.ts';

type Expected = { to: BillingState; effects: Effect[] } | undefined;

const toDormant: Expected = { to: 'dormant', effects: ['freeze-reactivation-fee', 'schedule-deletion', 'notify-dormant'] };
const reactivate: Expected = {
  to: 'active',
  effects: ['issue-reactivation-invoice', 'credit-older-invoices', 'cancel-deletion', 'notify-reactivated'],
};
const toEnding: Expected = { to: 'ending', effects: ['set-contract-end', 'notify-contract-ending'] };
const toDeleting: Expected = { to: 'deleting', effects: ['start-deletion'] };
const toDeleted: Expected = { to: 'deleted', effects: ['notify-deletion-confirmed'] };

/**
 * Every state × every event. The Record types make a new state or event a compile error here,
 * and the test below fails when a transition is added or changed without updating this table.
 */
const TABLE: Record<BillingState, Record<LifecycleEvent, Expected>> = {
  active: {
    'dormancy-date-passed': toDormant, // DUN-2
    'reactivation-paid': undefined,
    cancelled: toEnding, // BIL-6
    terminated: toEnding, // TRM-3
    'contract-end-passed': undefined,
    'deletion-date-passed': undefined,
    'deletion-finished': undefined,
  },
  dormant: {
    'dormancy-date-passed': undefined,
    'reactivation-paid': reactivate, // DUN-4
    // As documented by LIFECYCLE: a dormant tenant cannot cancel (its API is payment-required,
    // DUN-3); it is deleted 90 days on, or the operator terminates it. See the report on BIL-6.
    cancelled: undefined,
    // No paid period is left to run out: the termination starts the deletion at once.
    terminated: { to: 'deleting', effects: ['notify-contract-ending', 'start-deletion'] }, // TRM-3
    'contract-end-passed': undefined,
    'deletion-date-passed': toDeleting, // DUN-5
    'deletion-finished': undefined,
  },
  ending: {
    // An ending contract left unpaid ends at the dormancy instant (decision 45).
    'dormancy-date-passed': { to: 'deleting', effects: ['set-contract-end', 'start-deletion'] }, // DUN-2 BIL-6
    'reactivation-paid': undefined,
    cancelled: undefined,
    terminated: undefined,
    'contract-end-passed': toDeleting, // DUN-6
    'deletion-date-passed': undefined,
    'deletion-finished': undefined,
  },
  deleting: {
    'dormancy-date-passed': undefined,
    'reactivation-paid': undefined,
    cancelled: undefined,
    terminated: undefined,
    'contract-end-passed': undefined,
    'deletion-date-passed': undefined,
    'deletion-finished': toDeleted, // DUN-5 final confirmation
  },
  deleted: {
    'dormancy-date-passed': undefined,
    'reactivation-paid': undefined,
    cancelled: undefined,
    terminated: undefined,
    'contract-end-passed': undefined,
    'deletion-date-passed': undefined,
    'deletion-finished': undefined,
  },
};

const OBLIGATIONS: Record<LifecycleEvent, string> = {
  'dormancy-date-passed': 'DUN-2',
  'reactivation-paid': 'DUN-4',
  cancelled: 'BIL-6',
  terminated: 'TRM-3',
  'contract-end-passed': 'DUN-6',
  'deletion-date-passed': 'DUN-5',
  'deletion-finished': 'DUN-5',
};

const pairs = BILLING_STATES.flatMap((state) =>
  LIFECYCLE_EVENTS.map((event) => {
    const expected = TABLE[state][event];
    return { state, event, ids: OBLIGATIONS[event], shows: expected ? `${expected.to} [${expected.effects.join(', ')}]` : 'nothing', expected };
  }),
);

describe('BIL-6 DUN-2 DUN-3 DUN-4 DUN-5 DUN-6 TRM-3 the billing lifecycle', () => {
  it('DUN-2..6 BIL-6 TRM-3 the table covers all 5 states × 7 events', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...BILLING_STATES].sort());
    for (const state of BILLING_STATES) expect(Object.keys(TABLE[state]).sort()).toEqual([...LIFECYCLE_EVENTS].sort());
    expect(pairs).toHaveLength(35);
  });

  it.each(pairs.map((p) => [p.ids, p.state, p.event, p.shows, p.expected] as const))('%s in %s, %s: %s', (_ids, state, event, _shows, expected) => {
    const t = transition(state, event);
    if (expected === undefined) {
      expect(t).toBeUndefined();
    } else {
      expect(t).toBeDefined();
      expect(t!.from).toContain(state);
      expect(t!.event).toBe(event);
      expect(t!.to).toBe(expected.to);
      expect([...t!.effects]).toEqual(expected.effects);
    }
  });

  it('DUN-2..6 BIL-6 TRM-3 LIFECYCLE defines exactly the transitions of the table, none twice', () => {
    const defined = LIFECYCLE.transitions.flatMap((t) => t.from.map((from) => `${from} ${t.event}`)).sort();
    const tabled = pairs.filter((p) => p.expected).map((p) => `${p.state} ${p.event}`).sort();
    expect(defined).toEqual(tabled);
    expect(new Set(defined).size).toBe(defined.length);
  });

  it('DUN-2..6 every effect is used by some transition, and every transition names at least one', () => {
    const used = new Set(LIFECYCLE.transitions.flatMap((t) => [...t.effects]));
    expect([...used].sort()).toEqual(Object.keys(EFFECTS).sort());
    for (const t of LIFECYCLE.transitions) expect(t.effects.length).toBeGreaterThan(0);
  });

  it('DUN-5 DUN-6 a tenant starts active, can reach every state, and every state leads to deleted; deleted is final', () => {
    expect(LIFECYCLE.initial).toBe('active');
    const next = (s: BillingState) => LIFECYCLE_EVENTS.flatMap((e) => transition(s, e)?.to ?? []);
    const reach = (from: BillingState) => {
      const seen = new Set<BillingState>([from]);
      const queue = [from];
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
        for (const to of next(s)) {
          if (seen.has(to)) continue;
          seen.add(to);
          queue.push(to);
        }
      }
      return seen;
    };
    expect([...reach('active')].sort()).toEqual([...BILLING_STATES].sort());
    for (const state of BILLING_STATES) expect(reach(state).has('deleted')).toBe(true);
    expect(next('deleted')).toEqual([]);
  });

  it.each([
    { state: 'active', access: 'full', invoiced: true, ids: 'BIL-3' },
    { state: 'dormant', access: 'capture', invoiced: false, ids: 'DUN-3' },
    { state: 'ending', access: 'full', invoiced: true, ids: 'DUN-6 BIL-6' },
    { state: 'deleting', access: 'none', invoiced: false, ids: 'DUN-5 DUN-6' },
    { state: 'deleted', access: 'none', invoiced: false, ids: 'DUN-5 DUN-6' },
  ] satisfies { state: BillingState; access: Access; invoiced: boolean; ids: string }[])(
    '$ids in $state: API access $access, invoiced $invoiced',
    ({ state, access, invoiced }) => {
      expect(accessIn(state)).toBe(access);
      expect(LIFECYCLE.states[state].invoiced).toBe(invoiced);
    },
  );

  it('BIL-6 DUN-2..6 TRM-3 lifecycleMarkdown names every state, event and effect', () => {
    const md = lifecycleMarkdown();
    expect(md).toMatch(/^```mermaid\nstateDiagram-v2\n {2}\[\*\] --> active\n/);
    for (const state of BILLING_STATES) expect(md).toContain(`| \`${state}\` | ${accessIn(state)} |`);
    for (const event of LIFECYCLE_EVENTS) expect(md).toContain(`\`${event}\``);
    for (const description of Object.values(EFFECTS)) expect(md).toContain(description);
    for (const p of pairs.filter((x) => x.expected)) expect(md).toContain(`  ${p.state} --> ${p.expected!.to}: ${p.event}\n`);
    expect(md).toContain('  deleted --> [*]');
  });
});
