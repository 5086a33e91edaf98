import type { ReadAuditMessage } from '../clients/audit-queue.ts';
import { auditItem } from '../store/audit.ts';
import { putAll } from '../store/batch.ts';
import { TenantScope } from '../store/tenant-scope.ts';

/**
 * Writes one queued message's entries. Each entry's key comes from the message id and its
 * position, so a redelivered message rewrites the same items: nothing is written twice (SEC-5).
 */
export async function writeReadAudits(messageId: string, message: ReadAuditMessage): Promise<void> {
  const scope = TenantScope.named(message.tenantId);
  await putAll(
    message.events.map((event, i) => auditItem(scope, { ...event, at: new Date(event.at) }, `${messageId}-${i}`)),
  );
}
