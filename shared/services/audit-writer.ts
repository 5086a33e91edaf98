import type { ReadAuditMessage } from '../clients/audit-queue.ts';
import { auditItem } from '../store/audit.ts';
import { putAll } from '../store/batch.ts';
import { TenantScope } from '../store/tenant-scope.ts';

/**
 * Writes one queued message's entries. Each entry's key comes from the sender's message id and
 * its position, so a message sent or delivered twice rewrites the same items (SEC-5).
 */
export async function writeReadAudits(message: ReadAuditMessage): Promise<void> {
  const scope = TenantScope.named(message.tenantId);
  if (!/^[0-9a-z]{26}$/.test(message.id)) throw new Error('A read-audit message needs its id');
  await putAll(message.events.map((event, i) => auditItem(scope, { ...event, at: new Date(event.at) }, `${message.id}-${i}`)));
}
