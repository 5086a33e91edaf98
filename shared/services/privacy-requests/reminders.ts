import { addDays, localDateOf, startOfDay } from '../../domain/billing/calendar.ts';
import { DUE_SOON_DAYS, reminderDue } from '../../domain/privacy-requests/deadlines.ts';
import { isOpen } from '../../domain/privacy-requests/lifecycle.ts';
import { holdsData, recipientsFor } from '../../domain/tenant.ts';
import type { JobSummary } from '../../jobs/handler.ts';
import { sendNoticeOnce } from '../../notices/outbox.ts';
import { deadlineReminderNotice } from '../../notices/templates/privacy-request.ts';
import { activeRequestsBefore, privacyRequests } from '../../store/privacy-requests.ts';
import { tenants } from '../../store/tenants.ts';
import type { Tenant } from '../../model/tenant.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { factsOf, sendOwedNotices } from './notices.ts';

/**
 * obligation: DSR-9 — reminds each tenant's data protection contact of its nearly-due and overdue
 * requests, each reminder once, and finishes notices a request still owes (an answer whose
 * sending a crash cut short). Reads only requests listed as active, by deadline.
 */
export async function runPrivacyRequestReminders(now: Date): Promise<JobSummary> {
  const summary = { requests: 0, reminders: 0, noticesFinished: 0, noticesPending: 0 };
  // Requests due within the longest reminder lead are the only ones a reminder can concern.
  const horizon = startOfDay(addDays(localDateOf(now), Math.max(...DUE_SOON_DAYS) + 1));
  // The list runs by deadline, so one tenant's requests are spread through it: each tenant is read once.
  const tenantsRead = new Map<string, Tenant | undefined>();
  for await (const { tenantId, requestId } of activeRequestsBefore(horizon)) {
    summary.requests++;
    const scope = TenantScope.named(tenantId);
    if (!tenantsRead.has(tenantId)) tenantsRead.set(tenantId, await tenants.get(scope));
    const tenant = tenantsRead.get(tenantId);
    if (!tenant || !holdsData(tenant)) continue;
    const stored = await privacyRequests(scope).get(requestId);
    if (!stored) continue;
    if (stored.request.owed.length > 0) {
      const { sent, pending } = await sendOwedNotices(scope, requestId, { tenant, stored });
      summary.noticesFinished += sent;
      summary.noticesPending += pending;
    }
    const { request } = stored;
    if (!isOpen(request.state)) continue;
    const due = reminderDue(request.dueOn, now);
    if (due === undefined) continue;
    const message = deadlineReminderNotice(tenant.language, { ...factsOf(tenant, request), dueOn: request.dueOn, state: request.state }, due.startsWith('overdue'));
    const outcome = await sendNoticeOnce(scope, {
      kind: `privacy-request-reminder#${due}`,
      subjectId: request.id,
      recipients: recipientsFor(tenant, ['dataProtection']),
      ...message,
    });
    if (outcome === 'sent') summary.reminders++;
  }
  return summary;
}
