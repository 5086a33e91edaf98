import { DUE_SOON_DAYS, MAX_EXTENSION_MONTHS, OVERDUE_EVERY_DAYS, REPEAT_WINDOW_MONTHS } from '../shared/domain/privacy-requests/deadlines.ts';
import { REQUEST_TYPES, requestLifecycleMarkdown } from '../shared/domain/privacy-requests/lifecycle.ts';

/** docs/privacy-request-lifecycle.md, generated from the lifecycle table and the deadline rules: `npm run docs`. */
export function privacyRequestLifecycleDocument(): string {
  return [
    '# Privacy-request lifecycle (generated)',
    '',
    '<!-- Generated from shared/domain/privacy-requests/lifecycle.ts and deadlines.ts by `npm run docs`; a test fails when it is stale. -->',
    '',
    `Request types (DSR-1): ${REQUEST_TYPES.map((t) => `\`${t}\``).join(', ')}. Why it is shaped like this: [privacy-requests.md](privacy-requests.md).`,
    '',
    requestLifecycleMarkdown(),
    '## Deadlines (DSR-2, DSR-4, DSR-9)',
    '',
    '- Due: one calendar month from receipt — the same day number next month, or that month’s last day — counted in Europe/Ljubljana and ending at midnight of that day.',
    `- Extension: once, by 1 to ${MAX_EXTENSION_MONTHS} further months counted from receipt, with a reason, and only while the first month runs (the requester is e-mailed at once).`,
    `- Repeat: a request by the same person (same data subject or same address) less than ${REPEAT_WINDOW_MONTHS} months before is flagged \`repeatOf\`; only the tenant can decide on a fee.`,
    `- Reminders to the data protection contact: ${DUE_SOON_DAYS.map((d) => `${d} days before`).join(' and ')} the last day, on the first overdue day, and every ${OVERDUE_EVERY_DAYS} days after.`,
    '',
  ].join('\n');
}
