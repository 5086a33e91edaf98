import { noticeTopic } from '../../clients/sns.ts';
import { runtime } from '../../config/runtime.ts';
import { holdsData, recipientsFor } from '../../domain/tenant.ts';
import type { Incident, Phase } from '../../model/incident.ts';
import type { ContactRole, Tenant } from '../../model/tenant.ts';
import { actOnce, sendNoticeOnceWithReceipt } from '../../notices/outbox.ts';
import type { NoticeOutcome } from '../../notices/outbox.ts';
import { sendRate } from '../../notices/send-rate.ts';
import { tenantBreachNotice } from '../../notices/templates/breach.ts';
import { logger } from '../../powertools/logger.ts';
import { incidents } from '../../store/incidents.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { tenants } from '../../store/tenants.ts';

/** Tenants notified at once; the e-mails among them still keep the SES send rate. */
const CONCURRENT_TENANTS = 8;

export interface NoticeTotals {
  tenants: number;
  /** Tenants left for the next run because the time ran out. */
  leftOver: number;
  /** Notices another run holds a fresh claim on: not known to be out, so the phase stays open. */
  pending: number;
  /** Addresses SES refused for good: recorded in the log, reported, not retried. */
  rejected: number;
  emailsSent: number;
  alreadySent: number;
  skipped: number;
  failed: number;
}

/** The kind of a phase's notice in a tenant's log: one record per recipient role, per channel. */
export const breachNoticeKind = (incidentId: string, phase: number) => `breach-${incidentId}-${phase}`;

/** obligation: BRE-2, TEN-5 — breach notices go to the data protection and security contacts (the administrator when a role has none). */
function breachRecipients(tenant: Tenant): { role: ContactRole; address: string }[] {
  return recipientsFor(tenant, ['dataProtection', 'security']);
}

async function notifyTenant(tenant: Tenant, incident: Incident, phase: Phase, throttle: () => Promise<void>, totals: NoticeTotals) {
  const scope = TenantScope.named(tenant.id);
  const kind = breachNoticeKind(incident.id, phase.number);
  const message = tenantBreachNotice(tenant.language, incident, phase);
  // One record per recipient: each gets this phase exactly once, whatever fails beside it.
  for (const recipient of breachRecipients(tenant)) {
    const { outcome, sentAt, messageId } = await sendNoticeOnceWithReceipt(scope, { kind, subjectId: recipient.role, recipients: [recipient], throttle, ...message });
    count(outcome, totals);
    if (outcome === 'sent' || outcome === 'already-sent') {
      await incidents.recordNotified(incident.id, { tenantId: tenant.id, phase: phase.number, channel: 'email', role: recipient.role, sentAt, messageId });
    }
  }
  const topic = await actOnce(scope, `${kind}-topic`, 'topic', async () => {
    const { messageId } = await noticeTopic().publish({
      subject: message.subject.slice(0, 100),
      body: message.text,
      attributes: { kind: 'breach-notice', tenantId: tenant.id, incidentId: incident.id, phase: String(phase.number) },
    });
    return { messageId };
  });
  if (topic === 'in-flight') totals.pending++;
  const phone = tenant.contacts.security?.phone;
  if (phone !== undefined) {
    const sms = await actOnce(scope, `${kind}-sms`, 'security', async () => {
      const text = tenant.language === 'sl' ? `Kršitev varnosti osebnih podatkov: ${phase.facts.title}. Podrobnosti so v e-pošti.` : `Personal data breach: ${phase.facts.title}. Details by e-mail.`;
      return { messageId: (await noticeTopic().sendSms(phone, text)).messageId };
    });
    if (sms === 'in-flight') totals.pending++;
  }
}

function count(outcome: NoticeOutcome, totals: NoticeTotals): void {
  if (outcome === 'sent') totals.emailsSent++;
  else if (outcome === 'already-sent') totals.alreadySent++;
  else if (outcome === 'rejected') totals.rejected++;
  else totals.pending++;
}

/**
 * obligation: BRE-2 — a phase's notice to every affected tenant, personally and directly: e-mail
 * to its data protection and security contacts, the notice topic, an SMS where the security
 * contact has a phone. Each recipient and channel once per phase, however often this runs; the
 * outbox records are the append-only log of what went out, when, to whom, with which message id.
 * Tenants whose data is being or was deleted have nobody left to tell.
 */
export async function notifyTenants(
  incident: Incident,
  phase: Phase,
  options: { throttle?: () => Promise<void>; stopAfterMs?: number } = {},
): Promise<NoticeTotals> {
  const throttle = options.throttle ?? sendRate(runtime.sesSendRate);
  const stopAt = options.stopAfterMs === undefined ? Infinity : performance.now() + options.stopAfterMs;
  const totals: NoticeTotals = { tenants: 0, leftOver: 0, pending: 0, rejected: 0, emailsSent: 0, alreadySent: 0, skipped: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < incident.affectedTenantIds.length) {
      if (performance.now() > stopAt) {
        totals.leftOver = incident.affectedTenantIds.length - next;
        return;
      }
      const tenantId = incident.affectedTenantIds[next++]!;
      totals.tenants++;
      try {
        const tenant = await tenants.get(TenantScope.named(tenantId));
        if (!tenant || !holdsData(tenant)) {
          totals.skipped++;
          continue;
        }
        await notifyTenant(tenant, incident, phase, throttle, totals);
      } catch (error) {
        // One refused address must not hold up the other tenants; the next run retries it.
        totals.failed++;
        logger.error('breach notice failed', { tenantId, incidentId: incident.id, errorName: (error as Error).name });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_TENANTS }, worker));
  // Every tenant told: the breach-clock job need not look at this phase again.
  if (totals.leftOver === 0 && totals.failed === 0 && totals.pending === 0) await incidents.markPhaseSent(incident.id, phase.number, new Date().toISOString());
  return totals;
}
