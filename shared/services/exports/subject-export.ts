import { linkSigningKey } from '../../clients/secrets.ts';
import { runtime } from '../../config/runtime.ts';
import { idTime } from '../../domain/disclosure.ts';
import { Problem } from '../../http/problem.ts';
import { newId } from '../../ids.ts';
import { logger } from '../../powertools/logger.ts';
import { recordAudit } from '../../store/audit.ts';
import { ExportMovedOn, exportStore, exportTransitions } from '../../store/exports.ts';
import type { ExportRecord } from '../../store/exports.ts';
import { keys } from '../../store/keys.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { exportable, partitionItems } from './contents.ts';
import { recordExportDownload } from './download-disclosure.ts';
import { expiryOf } from './exports-job.ts';
import { exportLinkToken, verifyExportLink } from './link.ts';
import { deleteObject, deleteObjectsUnder, objectKeys, putObject } from './objects.ts';
import { checkDownloadable, linkTo } from './tenant-exports.ts';
import type { DownloadLink } from './tenant-exports.ts';

/** The version of the subject document's format (docs/exports.md). */
export const SUBJECT_EXPORT_FORMAT = { format: 'skrbnik-subject-export', formatVersion: 1 } as const;

type Item = Record<string, unknown>;

/**
 * obligation: DSR-5 — everything held about one data subject, read from storage: the current
 * record (or its tombstone), every version of its history, its time entries, its consent records
 * and their events, and anything else kept in the subject's partitions (grouped by type, so a new
 * entity appears without a change here). Storage keys and secrets (blind-index HMACs) are left
 * out, as in a full export.
 */
export async function buildSubjectDocument(scope: TenantScope, subjectId: string): Promise<Record<string, unknown>> {
  const counter = { requests: 0 };
  let current: Item | undefined;
  const history: Item[] = [];
  const consents: Item[] = [];
  const consentEvents: Item[] = [];
  const timeEntries: Item[] = [];
  const other: Record<string, Item[]> = {};
  for await (const item of partitionItems(keys.subjectPartition(scope.tenantId, subjectId), counter)) {
    const line = exportable(item);
    if (!line) continue;
    const value = { type: line.entity, ...line.value };
    if (item.sk === keys.subject(scope.tenantId, subjectId).sk) current = value;
    else if (line.entity === 'subject-version') history.push(value);
    else if (line.entity.startsWith('consent') && line.entity.includes('event')) consentEvents.push(value);
    else if (line.entity.startsWith('consent')) consents.push(value);
    else (other[line.entity] ??= []).push(value);
  }
  for await (const item of partitionItems(keys.timeEntryPartition(scope.tenantId, subjectId), counter)) {
    const line = exportable(item);
    if (line) timeEntries.push({ type: line.entity, ...line.value });
  }
  if (!current) throw new Problem('notFound', 'No such data subject');
  const erased = current.type === 'subject-tombstone';
  return {
    ...SUBJECT_EXPORT_FORMAT,
    tenantId: scope.tenantId,
    subjectId,
    ...(erased ? { subject: null, tombstone: current } : { subject: current }),
    history,
    consents,
    consentEvents,
    timeEntries,
    ...(Object.keys(other).length > 0 ? { other } : {}),
  };
}

/**
 * obligation: DSR-5, EXP-2 — stores the subject's document in the bucket under the tenant's and
 * the subject's prefix, records it in the subject's partition (so an erasure finds it, DSR-6, and
 * the `exports` job deletes it after seven days, EXP-2), and returns the public link that opens
 * it: signed, for this one export, and expiring with it.
 */
export async function storeSubjectExport(
  scope: TenantScope,
  subjectId: string,
  document: Record<string, unknown>,
  ctx: { requestId: string; now: Date },
): Promise<{ exportId: string; expiresAt: string; downloadUrl: string }> {
  const exportId = newId(ctx.now);
  const expiresAt = expiryOf(ctx.now);
  const objectKey = objectKeys.subjectExport(scope.tenantId, subjectId, exportId);
  const body = `${JSON.stringify({ ...document, exportId, generatedAt: ctx.now.toISOString() }, null, 2)}\n`;
  const size = await putObject(objectKey, body, 'application/json');
  const record: ExportRecord = {
    id: exportId,
    kind: 'subject',
    tenantId: scope.tenantId,
    subjectId,
    requestId: ctx.requestId,
    state: 'ready',
    requestedBy: `privacy-request:${ctx.requestId}`,
    createdAt: ctx.now.toISOString(),
    attempts: 1,
    readyAt: ctx.now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    objectKey,
    size,
  };
  await exportStore(scope).putReady(record);
  const token = exportLinkToken(await linkSigningKey(), { tenantId: scope.tenantId, subjectId, exportId, expiresAt });
  return { exportId, expiresAt: record.expiresAt!, downloadUrl: `${runtime.publicBaseUrl}/v1/public/exports/${token}` };
}

/**
 * obligation: DSR-5, AUD-3, EXP-2 — the public link: a well-signed token opens its one export
 * while it lasts (a bad signature is 404, as if nothing were there; past its time, expired or
 * erased, 410); the download is a disclosure to the data subject, logged with its basis before the
 * five-minute link is given.
 */
export async function downloadSubjectExport(uow: UnitOfWork, token: string, now: Date): Promise<DownloadLink> {
  const link = verifyExportLink(await linkSigningKey(), token);
  if (!link) throw new Problem('notFound', 'No such export link');
  if (link.expiresAt <= now) throw new Problem('linkExpired', 'The link expired with its export after seven days; ask the organisation again');
  const scope = TenantScope.named(link.tenantId);
  const record = await exportStore(scope).getSubjectExport(link.subjectId, link.exportId);
  if (!record) throw new Problem('exportGone', 'The export is no longer held');
  checkDownloadable(record, now);
  recordExportDownload(uow, scope, { kind: 'subject', exportId: record.id, subjectId: link.subjectId, requestId: record.requestId ?? '' }, now);
  recordAudit(uow, scope, { actor: 'data-subject-link', action: 'read', entity: 'subject', entityId: link.subjectId, fields: ['export'], at: now });
  return linkTo(record, `personal-data-${record.id}.json`, now);
}

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
