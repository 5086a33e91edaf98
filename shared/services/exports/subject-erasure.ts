import { idTime } from '../../domain/disclosure.ts';
import { logger } from '../../powertools/logger.ts';
import { ExportMovedOn, exportStore, exportTransitions } from '../../store/exports.ts';
import type { ExportRecord } from '../../store/exports.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import { deleteObject, deleteObjectsUnder, objectKeys } from './objects.ts';

/*
 * What an erasure does to exports, apart from their production and their links: the function
 * that erases subjects loads only the export records and the plain object calls.
 */

/** A ready full export made since the subject existed may hold it: the object goes, the record says why. */
async function withdraw(record: ExportRecord, since: string, now: Date): Promise<number> {
  if ((record.startedAt ?? record.createdAt) < since) return 0;
  await deleteObject(record.objectKey!);
  await exportTransitions.withdrawn(record, now);
  return 1;
}

/**
 * obligation: DSR-6 — one full export against one erasure, which runs this after its tombstone
 * committed. A production reads each subject's record first and keeps nothing but the tombstone
 * of an erased one (contents.ts `subjectItems`), so an export claimed after this scan saw it is
 * clean, and a queued one needs nothing. A ready one made since the subject existed is withdrawn.
 * A running one may have read the subject before the commit: it starts again. If that restart
 * loses because the same run (the same attempt) finished meanwhile, its ready export is withdrawn
 * as well; a later attempt, an expiry or another erasure's restart or withdrawal needs nothing
 * more. Returns the objects deleted.
 */
async function settleFullExport(store: ReturnType<typeof exportStore>, seen: ExportRecord, since: string, now: Date): Promise<number> {
  try {
    if (seen.state === 'ready') return await withdraw(seen, since, now);
    if (seen.state === 'running') await exportTransitions.restart(seen, now);
    return 0;
  } catch (error) {
    if (!(error instanceof ExportMovedOn)) throw error;
  }
  const current = await store.get(seen.id);
  if (seen.state === 'running' && current?.state === 'ready' && current.attempts === seen.attempts) {
    try {
      const deleted = await withdraw(current, since, now);
      logger.info('export finished during an erasure', { exportId: seen.id, withdrawn: deleted === 1 });
      return deleted;
    } catch (error) {
      // Expired or withdrawn by another erasure meanwhile: its object is gone either way.
      if (!(error instanceof ExportMovedOn)) throw error;
      return 0;
    }
  }
  logger.info('export moved on during an erasure', { exportId: seen.id, state: current?.state ?? 'gone' });
  return 0;
}

/**
 * obligation: DSR-6 — an erasure deletes the subject's exports not yet expired: every object under
 * the subject's prefix here, and their records with the rest of the subject's partition in
 * `deleteRemains` right after (`finishErasure`), so the public link answers 410. A full tenant
 * export cannot be rewritten without the subject: every one produced since the subject existed,
 * before the erasure, is withdrawn (object deleted, record `withdrawn` with the reason, which the
 * tenant sees), and one being produced starts again (`settleFullExport`); a queued one, or one
 * produced after it, holds only the tombstone. Idempotent: the erasure and the
 * `erasure-completion` job both call it. Returns the number of objects deleted.
 */
export async function deleteSubjectExports(scope: TenantScope, subjectId: string): Promise<number> {
  // finishErasure's callers (the erasure, the purge, the erasure-completion job) pass no time yet.
  const now = new Date();
  const store = exportStore(scope);
  let deleted = await deleteObjectsUnder(objectKeys.subjectPrefix(scope.tenantId, subjectId));
  // A subject's id carries its creation time: an export started before it cannot hold it.
  const since = new Date(idTime(subjectId)).toISOString();
  for await (const record of store.fullReadyOrRunning()) deleted += await settleFullExport(store, record, since, now);
  return deleted;
}
