import { Problem } from '../../http/problem.ts';
import type { TenantAuth } from '../../http/auth.ts';
import type { ExportView } from '../../model/export.ts';
import { newId } from '../../ids.ts';
import { recordAudit } from '../../store/audit.ts';
import { exportStore } from '../../store/exports.ts';
import type { ExportRecord } from '../../store/exports.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { recordExportDownload } from './download-disclosure.ts';
import { DOWNLOAD_LINK_SECONDS, downloadUrl } from './download-url.ts';
import { deleteObjectsUnder, objectKeys } from './objects.ts';

export function viewOfExport(record: ExportRecord): ExportView {
  return record as ExportView;
}

/**
 * obligation: EXP-1 — a full export is recorded as queued and answered at once (202); the
 * `exports` job produces it within a minute or so. Recording it is audited: it will read every
 * personal value the tenant holds.
 */
export function requestExport(uow: UnitOfWork, scope: TenantScope, auth: TenantAuth, now: Date): ExportRecord {
  const record: ExportRecord = {
    id: newId(now),
    kind: 'full',
    tenantId: scope.tenantId,
    state: 'queued',
    requestedBy: auth.actor,
    createdAt: now.toISOString(),
    attempts: 0,
  };
  exportStore(scope).create(uow, record);
  recordAudit(uow, scope, { actor: auth.actor, action: 'create', entity: 'export', entityId: record.id, fields: ['kind'], at: now });
  return record;
}

export async function readExport(scope: TenantScope, exportId: string): Promise<ExportRecord> {
  const record = await exportStore(scope).get(exportId);
  if (!record) throw new Problem('notFound', 'No such export');
  return record;
}

/** What a download answers: a link valid five minutes, and until when. */
export interface DownloadLink {
  url: string;
  expiresAt: string;
}

/** obligation: EXP-2 — an export past its expiry is never served, even before the job deleted it. */
export function checkDownloadable(record: ExportRecord, now: Date): void {
  if (record.state === 'expired' || record.state === 'withdrawn' || (record.expiresAt !== undefined && record.expiresAt <= now.toISOString())) {
    throw new Problem('exportGone', record.state === 'withdrawn' ? 'A data subject in this export was erased, so the export was deleted; request a new one' : 'The export expired and was deleted; request a new one');
  }
  if (record.state !== 'ready' || record.objectKey === undefined) throw new Problem('conflict', `The export is ${record.state}, not ready`);
}

export async function linkTo(record: ExportRecord, fileName: string, now: Date): Promise<DownloadLink> {
  return { url: await downloadUrl(record.objectKey!, fileName), expiresAt: new Date(now.getTime() + DOWNLOAD_LINK_SECONDS * 1000).toISOString() };
}

/**
 * obligation: EXP-1, AUD-3, AUD-1 — a ready export is handed out as a five-minute presigned link
 * (the "short-lived, encrypted link": HTTPS only, SSE-KMS at rest); the download is logged as a
 * disclosure and audited as a read, in one transaction before the link is given.
 */
export async function downloadExport(uow: UnitOfWork, scope: TenantScope, exportId: string, auth: TenantAuth, now: Date): Promise<DownloadLink> {
  const record = await readExport(scope, exportId);
  checkDownloadable(record, now);
  recordExportDownload(uow, scope, { kind: 'full', exportId, actor: auth.actor }, now);
  recordAudit(uow, scope, { actor: auth.actor, action: 'read', entity: 'export', entityId: exportId, fields: ['all'], at: now });
  return linkTo(record, `skrbnik-export-${exportId}.zip`, now);
}

/**
 * obligation: DUN-5, EXP-2 — a tenant deletion removes every export object of the tenant (full
 * and subject exports, expired or not) by its prefix; the records go with the tenant's partitions.
 */
export async function deleteTenantExports(scope: TenantScope): Promise<void> {
  await deleteObjectsUnder(objectKeys.tenantPrefix(scope.tenantId));
}
