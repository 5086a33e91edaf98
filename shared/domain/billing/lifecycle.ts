import type { BillingState } from '../../model/billing-state.ts';

/** What a tenant's API keys may do in a state (DUN-3): everything, data capture only, or nothing. */
export type Access = 'full' | 'capture' | 'none';

export const LIFECYCLE_EVENTS = [
  'dormancy-date-passed',
  'reactivation-paid',
  'cancelled',
  'terminated',
  'contract-end-passed',
  'deletion-date-passed',
  'deletion-finished',
] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

/** The side effects a transition carries out; each names what the services do, in this order. */
export const EFFECTS = {
  'freeze-reactivation-fee': 'Fix the reactivation amount: one month at the last active month’s price (DUN-4)',
  'schedule-deletion': 'Set the deletion date: 90 days after dormancy began (DUN-5)',
  'notify-dormant': 'E-mail what still works, the reactivation amount and the deletion date (DUN-3)',
  'issue-reactivation-invoice': 'Issue a paid invoice for the reactivation fee (DUN-4)',
  'credit-older-invoices': 'Cancel the older unpaid invoices with credit notes: the fee replaces them (DUN-4, BIL-7)',
  'cancel-deletion': 'Drop the deletion date',
  'notify-reactivated': 'E-mail that the tenant is active again',
  'set-contract-end': 'Set the end: the end of the paid period (BIL-6), or now for a dormant tenant',
  'notify-contract-ending': 'E-mail the end date and that export works until then (DUN-6)',
  'start-deletion': 'Block all keys and list the tenant for the deletion job (DUN-5, DUN-6)',
  'notify-deletion-confirmed': 'E-mail the final confirmation before the contacts go (DUN-5)',
} as const;
export type Effect = keyof typeof EFFECTS;

export interface StateDefinition {
  readonly description: string;
  readonly access: Access;
  /** Whether billing periods that start in this state are invoiced. */
  readonly invoiced: boolean;
}

export interface Transition {
  readonly from: readonly BillingState[];
  readonly event: LifecycleEvent;
  readonly to: BillingState;
  readonly effects: readonly Effect[];
}

/**
 * obligation: BIL-6, DUN-2, DUN-3, DUN-4, DUN-5, DUN-6, TRM-3 — the tenant's contract lifecycle as
 * data. The services apply it, the tests walk every transition, and docs/billing-lifecycle.md is
 * generated from it.
 */
export const LIFECYCLE = {
  initial: 'active' as BillingState,
  states: {
    active: { description: 'Contract running; invoices issued each period', access: 'full', invoiced: true },
    dormant: {
      description: 'An invoice unpaid 30 days after its due date: data capture only, no invoices',
      access: 'capture',
      invoiced: false,
    },
    ending: {
      description: 'Cancelled or terminated: full access and export until the end date; periods before it are still invoiced',
      access: 'full',
      invoiced: true,
    },
    deleting: { description: 'Keys blocked; the deletion job removes the data in checkpointed chunks', access: 'none', invoiced: false },
    deleted: { description: 'Only invoices, credit notes, payments and meter evidence remain', access: 'none', invoiced: false },
  } satisfies Record<BillingState, StateDefinition>,
  transitions: [
    { from: ['active'], event: 'dormancy-date-passed', to: 'dormant', effects: ['freeze-reactivation-fee', 'schedule-deletion', 'notify-dormant'] },
    {
      from: ['dormant'],
      event: 'reactivation-paid',
      to: 'active',
      effects: ['issue-reactivation-invoice', 'credit-older-invoices', 'cancel-deletion', 'notify-reactivated'],
    },
    { from: ['active'], event: 'cancelled', to: 'ending', effects: ['set-contract-end', 'notify-contract-ending'] },
    { from: ['active'], event: 'terminated', to: 'ending', effects: ['set-contract-end', 'notify-contract-ending'] },
    // A dormant tenant has no paid period left to run out: its termination starts the deletion.
    { from: ['dormant'], event: 'terminated', to: 'deleting', effects: ['notify-contract-ending', 'start-deletion'] },
    { from: ['ending'], event: 'contract-end-passed', to: 'deleting', effects: ['start-deletion'] },
    // An ending contract left unpaid ends at the dormancy date, not at the end of a period it never paid.
    { from: ['ending'], event: 'dormancy-date-passed', to: 'deleting', effects: ['set-contract-end', 'start-deletion'] },
    { from: ['dormant'], event: 'deletion-date-passed', to: 'deleting', effects: ['start-deletion'] },
    { from: ['deleting'], event: 'deletion-finished', to: 'deleted', effects: ['notify-deletion-confirmed'] },
  ] satisfies readonly Transition[],
} as const;

/** The transition an event causes from a state, or undefined when the event does not apply there. */
export function transition(from: BillingState, event: LifecycleEvent): Transition | undefined {
  return LIFECYCLE.transitions.find((t) => t.event === event && (t.from as readonly BillingState[]).includes(from));
}

export function accessIn(state: BillingState): Access {
  return LIFECYCLE.states[state].access;
}

/** The lifecycle as a Mermaid state diagram and a table, for docs/billing-lifecycle.md. */
export function lifecycleMarkdown(): string {
  const diagram = [
    'stateDiagram-v2',
    `  [*] --> ${LIFECYCLE.initial}`,
    ...LIFECYCLE.transitions.flatMap((t) => t.from.map((f) => `  ${f} --> ${t.to}: ${t.event}`)),
    '  deleted --> [*]',
  ];
  const states = Object.entries(LIFECYCLE.states).map(
    ([name, s]) => `| \`${name}\` | ${s.access} | ${s.invoiced ? 'yes' : 'no'} | ${s.description} |`,
  );
  const transitions = LIFECYCLE.transitions.map(
    (t) => `| ${t.from.map((f) => `\`${f}\``).join(', ')} | \`${t.event}\` | \`${t.to}\` | ${t.effects.map((e) => EFFECTS[e]).join('; ')} |`,
  );
  return [
    '```mermaid',
    ...diagram,
    '```',
    '',
    '| State | API access | Invoiced | Meaning |',
    '|---|---|---|---|',
    ...states,
    '',
    '| From | Event | To | Effects, in order |',
    '|---|---|---|---|',
    ...transitions,
    '',
  ].join('\n');
}
