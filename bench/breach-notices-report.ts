/** The goal of the issue: a fan-out takes at most 1.1 × (messages ÷ send rate). */
export const RATIO_GOAL = 1.1;
/** Where its section of docs/benchmarks.md begins. */
export const BREACH_NOTICES_HEADING = '## Breach notices at the send rate';

export interface FanOutFigure {
  messages: number;
  rate: number;
  seconds: number;
  idealSeconds: number;
  ratio: number;
}

export interface BreachNoticeFigures {
  campaign: FanOutFigure & { subjects: number; seedSeconds: number };
  tenants: FanOutFigure & { tenants: number };
}

const ok = (ratio: number) => (ratio <= RATIO_GOAL ? 'yes' : '**no**');

/** The section of docs/benchmarks.md for the breach notice figures. */
export function breachNoticesSection(f: BreachNoticeFigures): string {
  const { campaign: c, tenants: t } = f;
  return `${BREACH_NOTICES_HEADING}

Measured on ${new Date().toISOString().slice(0, 10)} (\`npx tsx bench/only.ts breach-notices\` measures only this part and rewrites only this section).
Both fan-outs keep one pace (\`sendRate\`) at a configured SES send rate of ${c.rate} messages/s (\`SES_SEND_RATE\`; the
account's real quota in the cloud, 14/s by default) and are timed against the ideal: messages ÷ rate.

| fan-out | messages | rate (/s) | ideal (s) | time (s) | ratio | ≤ ${RATIO_GOAL}× |
|---|---:|---:|---:|---:|---:|:-:|
| Art. 34 campaign to ${c.subjects.toLocaleString('en')} subjects: one run of the \`breach-communications\` job | ${c.messages} | ${c.rate} | ${c.idealSeconds} | ${c.seconds} | **${c.ratio}×** | ${ok(c.ratio)} |
| breach notices to ${t.tenants.toLocaleString('en')} tenants (\`notifyTenants\`: data protection and security contacts, topic) | ${t.messages} | ${t.rate} | ${t.idealSeconds} | ${t.seconds} | **${t.ratio}×** | ${ok(t.ratio)} |

The campaign's subjects were written with BatchWrite in ${c.seedSeconds} s, shaped as the subjects store writes them; the
campaign was created through the API. Per message the job claims the recipient's outbox record, waits for its slot,
sends, and marks the record sent, with rate ÷ 5 messages in flight (40 here); pages of 100 subjects are read ahead,
and a page is checkpointed once all its recipients have their records. The time includes the final tally of the per-recipient log.
`;
}
