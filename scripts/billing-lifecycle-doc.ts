import { DELETION_AFTER_DORMANT_DAYS, DELETION_WARNING_DAYS, DORMANCY_AFTER_DUE_DAYS, PAYMENT_TERM_DAYS, REMINDER_CADENCE } from '../shared/domain/billing/deadlines.ts';
import { lifecycleMarkdown } from '../shared/domain/billing/lifecycle.ts';

const ANCHORS = { issued: 'the invoice date', due: 'the due date', dormant: 'the dormancy date' };

/** docs/billing-lifecycle.md, generated from the lifecycle table and the cadence: `npm run docs`. */
export function billingLifecycleDocument(): string {
  const cadence = REMINDER_CADENCE.map(
    (r) => `| \`${r.kind}\` | ${r.days === 0 ? 'on' : r.days > 0 ? `${r.days} day(s) after` : `${-r.days} day(s) before`} ${ANCHORS[r.from]} |`,
  );
  return [
    '# Billing lifecycle (generated)',
    '',
    '<!-- Generated from shared/domain/billing/lifecycle.ts and deadlines.ts by `npm run docs`; a test fails when it is stale. -->',
    '',
    'The contract lifecycle of a tenant as the services apply it. Why it is shaped like this: [billing.md](billing.md).',
    '',
    lifecycleMarkdown(),
    '## Deadlines of an invoice',
    '',
    'Calendar days in Europe/Ljubljana, stored on the invoice as absolute instants when it is issued:',
    '',
    `- due date: the invoice date + ${PAYMENT_TERM_DAYS} days; paid on time until the end of that day (\`dueAt\`);`,
    `- dormant at the start of the day ${DORMANCY_AFTER_DUE_DAYS + 1} days after the due date, i.e. ${DORMANCY_AFTER_DUE_DAYS} full days after it (\`dormantAt\`);`,
    `- deleted ${DELETION_AFTER_DORMANT_DAYS} days after dormancy (\`deleteAt\`), with warnings ${DELETION_WARNING_DAYS.join(' and ')} days ahead.`,
    '',
    '## Reminder cadence (DUN-1)',
    '',
    'Each reminder at the start of its day, sent by the next dunning run (09:00), once. A run that catches up sends only the latest due reminder (and the issue notice).',
    '',
    '| Reminder | When |',
    '|---|---|',
    ...cadence,
    '',
  ].join('\n');
}
