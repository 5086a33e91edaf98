/** obligation: DSR-1 — the rights a data subject can exercise through a tenant. */
export const REQUEST_TYPES = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'consent-withdrawal'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_STATES = ['received', 'verified', 'awaiting-fee', 'completed', 'declined', 'withdrawn'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REQUEST_EVENTS = [
  'identity-verified',
  'identity-not-verified',
  'extended',
  'fee-requested',
  'fee-paid',
  'fulfilled',
  'declined',
  'withdrawn',
] as const;
export type RequestEvent = (typeof REQUEST_EVENTS)[number];

/** What a transition makes the services do, in this order. */
export const REQUEST_EFFECTS = {
  'record-verification': 'Record the verification method and result; keep no copy of identity documents (DSR-2)',
  'set-extended-deadline': 'Move the deadline by one or two further months, once, with the reason (DSR-2)',
  'tell-extension': 'E-mail the requester the new deadline and the reason, inside the first month (DSR-2)',
  'record-fee': 'Record the fee, its ground and explanation (DSR-4)',
  'tell-fee': 'E-mail the requester the fee and that the request waits for payment or withdrawal (DSR-4)',
  'carry-out': 'Carry the request out on the platform: export, rectify, erase, restrict, stop processing (DSR-5, DSR-6)',
  'notify-recipients': 'After rectification, erasure or restriction, notify the recipients in the disclosure log (DSR-7)',
  'send-answer': 'E-mail the answer with the right to complain to the supervisory authority (DSR-3, DSR-10)',
  'send-refusal': 'E-mail the reasons, the right to complain and the right to a judicial remedy (DSR-3, DSR-10)',
  'close': 'Drop the request from the reminder list and keep only what the record needs (DSR-9)',
} as const;
export type RequestEffect = keyof typeof REQUEST_EFFECTS;

export interface RequestStateDefinition {
  readonly description: string;
  /** Open requests run against their deadline and get reminders (DSR-9). */
  readonly open: boolean;
}

export interface RequestTransition {
  readonly from: readonly RequestState[];
  readonly event: RequestEvent;
  readonly to: RequestState;
  readonly effects: readonly RequestEffect[];
}

const OPEN: readonly RequestState[] = ['received', 'verified', 'awaiting-fee'];

/**
 * obligation: DSR-1, DSR-2, DSR-3, DSR-4 — a privacy request's lifecycle as data. The services apply
 * it, the tests walk every transition, and docs/privacy-request-lifecycle.md is generated from it.
 * Unlike a single "denied" state, a refusal always carries its ground and reason, a fee is its own
 * waiting state, and the one extension is an event with its own notice, not a silent date change.
 */
export const REQUEST_LIFECYCLE = {
  initial: 'received' as RequestState,
  states: {
    received: { description: 'Recorded with its receipt time; the deadline runs; identity not yet verified', open: true },
    verified: { description: 'Identity verified (method and result recorded); waiting for the tenant’s decision', open: true },
    'awaiting-fee': { description: 'The requester was told of a fee; the request waits for payment or withdrawal', open: true },
    completed: { description: 'Carried out by the platform and answered', open: false },
    declined: { description: 'Refused with a ground and reason; the requester was told how to complain', open: false },
    withdrawn: { description: 'The requester withdrew it (for instance rather than pay a fee)', open: false },
  } satisfies Record<RequestState, RequestStateDefinition>,
  transitions: [
    { from: ['received'], event: 'identity-verified', to: 'verified', effects: ['record-verification'] },
    // A failed check is recorded and may be tried again; "cannot identify" is a refusal with its ground.
    { from: ['received'], event: 'identity-not-verified', to: 'received', effects: ['record-verification'] },
    { from: ['received'], event: 'extended', to: 'received', effects: ['set-extended-deadline', 'tell-extension'] },
    { from: ['verified'], event: 'extended', to: 'verified', effects: ['set-extended-deadline', 'tell-extension'] },
    { from: ['awaiting-fee'], event: 'extended', to: 'awaiting-fee', effects: ['set-extended-deadline', 'tell-extension'] },
    { from: ['verified'], event: 'fee-requested', to: 'awaiting-fee', effects: ['record-fee', 'tell-fee'] },
    { from: ['awaiting-fee'], event: 'fee-paid', to: 'verified', effects: ['record-fee'] },
    { from: ['verified'], event: 'fulfilled', to: 'completed', effects: ['carry-out', 'close', 'notify-recipients', 'send-answer'] },
    { from: OPEN, event: 'declined', to: 'declined', effects: ['close', 'send-refusal'] },
    { from: OPEN, event: 'withdrawn', to: 'withdrawn', effects: ['close'] },
  ] satisfies readonly RequestTransition[],
} as const;

export function requestTransition(from: RequestState, event: RequestEvent): RequestTransition | undefined {
  return REQUEST_LIFECYCLE.transitions.find((t) => t.event === event && (t.from as readonly RequestState[]).includes(from));
}

export function isOpen(state: RequestState): boolean {
  return REQUEST_LIFECYCLE.states[state].open;
}

/** The lifecycle as a Mermaid state diagram and two tables, for docs/privacy-request-lifecycle.md. */
export function requestLifecycleMarkdown(): string {
  const terminal = REQUEST_STATES.filter((s) => !isOpen(s));
  // Mermaid reads `-` in a state id as part of an arrow: such states get an id and a label.
  const node = (s: RequestState) => s.replace(/-/g, '_');
  const diagram = [
    'stateDiagram-v2',
    ...REQUEST_STATES.filter((s) => s.includes('-')).map((s) => `  state "${s}" as ${node(s)}`),
    `  [*] --> ${node(REQUEST_LIFECYCLE.initial)}`,
    ...REQUEST_LIFECYCLE.transitions.flatMap((t) => t.from.map((f) => `  ${node(f)} --> ${node(t.to)}: ${t.event}`)),
    ...terminal.map((s) => `  ${node(s)} --> [*]`),
  ];
  const states = Object.entries(REQUEST_LIFECYCLE.states).map(([name, s]) => `| \`${name}\` | ${s.open ? 'yes' : 'no'} | ${s.description} |`);
  const transitions = REQUEST_LIFECYCLE.transitions.map(
    (t) => `| ${t.from.map((f) => `\`${f}\``).join(', ')} | \`${t.event}\` | \`${t.to}\` | ${t.effects.map((e) => REQUEST_EFFECTS[e]).join('; ')} |`,
  );
  return [
    '```mermaid',
    ...diagram,
    '```',
    '',
    '| State | Open (deadline runs) | Meaning |',
    '|---|---|---|',
    ...states,
    '',
    '| From | Event | To | What happens |',
    '|---|---|---|---|',
    ...transitions,
    '',
  ].join('\n');
}
