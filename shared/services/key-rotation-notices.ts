import { runtime } from '../config/runtime.ts';
import { logger } from '../powertools/logger.ts';
import { rotationDue } from '../domain/api-key.ts';
import { contactFor } from '../domain/tenant.ts';
import type { JobSummary } from '../jobs/handler.ts';
import { sendNoticeOnce } from '../notices/outbox.ts';
import { keyRotationNotice } from '../notices/templates/key-rotation.ts';
import { apiKeyRepository } from '../store/api-keys.ts';
import { TenantScope } from '../store/tenant-scope.ts';
import { tenants } from '../store/tenants.ts';

/**
 * obligation: TEN-2 — every key past the maximum age is flagged, and the tenant's administrator
 * is told about it once, however often the job runs.
 */
export async function sendKeyRotationNotices(now: Date): Promise<JobSummary> {
  const summary = { tenants: 0, keysDue: 0, noticesSent: 0, alreadySent: 0, failed: 0 };
  const maxAgeDays = runtime.apiKeyMaxAgeDays;
  for await (const tenant of tenants.each()) {
    summary.tenants++;
    const scope = TenantScope.named(tenant.id);
    const administrator = contactFor(tenant, 'administrator');
    for await (const key of apiKeyRepository(scope).each()) {
      if (!rotationDue(key, now, maxAgeDays)) continue;
      summary.keysDue++;
      const message = keyRotationNotice(tenant.language, { keyName: key.name, keyId: key.id, createdAt: key.createdAt, maxAgeDays });
      try {
        const outcome = await sendNoticeOnce(scope, {
          kind: 'key-rotation',
          subjectId: key.id,
          recipients: [{ role: 'administrator', address: administrator.email }],
          ...message,
        });
        if (outcome === 'sent') summary.noticesSent++;
        else summary.alreadySent++;
      } catch (error) {
        // One refused address must not hold up every other tenant's notices.
        summary.failed++;
        logger.error('rotation notice not sent', { tenantId: tenant.id, keyId: key.id, errorName: (error as Error).name });
      }
    }
  }
  // A failed run is retried by the scheduler; what was sent is not sent again.
  if (summary.failed > 0) throw new Error(`${summary.failed} rotation notice(s) failed: ${JSON.stringify(summary)}`);
  return summary;
}
