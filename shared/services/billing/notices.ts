import { recipientsFor } from '../../domain/tenant.ts';
import type { ContactRole, Tenant } from '../../model/tenant.ts';
import { sendNoticeToEach } from '../../notices/outbox.ts';
import type { NoticeOutcome } from '../../notices/outbox.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';

/**
 * obligation: TEN-5, DUN-1, DUN-5 — billing notices go to the billing contact and the
 * administrator (one message when both are the same person).
 */
export function billingRecipients(tenant: Pick<Tenant, 'contacts'>): { role: ContactRole; address: string }[] {
  return recipientsFor(tenant, ['billing', 'administrator']);
}

/** Sends a billing notice once per (kind, subject) and recipient, however often a job or request reruns. */
export function sendBillingNotice(
  tenant: Tenant,
  scope: TenantScope,
  kind: string,
  subjectId: string,
  message: { subject: string; text: string; html: string },
): Promise<NoticeOutcome> {
  return sendNoticeToEach(scope, { kind, subjectId, recipients: billingRecipients(tenant), ...message });
}
