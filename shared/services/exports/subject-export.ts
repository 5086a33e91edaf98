import { linkSigningKey } from '../../clients/link-signing-key.ts';
import { exportLinkToken, verifyExportLink } from '../../crypto/export-links.ts';
import { runtime } from '../../config/runtime.ts';
import { Problem } from '../../http/problem.ts';
import { newId } from '../../ids.ts';
import type { Language } from '../../model/tenant.ts';
import { recordAudit } from '../../store/audit.ts';
import { expiryOf, exportStore } from '../../store/exports.ts';
import type { ExportRecord } from '../../store/exports.ts';
import { keys } from '../../store/keys.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { requireTenant } from '../tenants.ts';
import { exportable, partitionItems } from './contents.ts';
import { recordExportDownload } from './download-disclosure.ts';
import { objectKeys, putObject } from './objects.ts';
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

/** The export a public link names, if its signature holds and the export is still there to give. */
async function openExportLink(token: string, now: Date) {
  const link = verifyExportLink(await linkSigningKey(), token);
  if (!link) throw new Problem('notFound', 'No such export link');
  if (link.expiresAt <= now) throw new Problem('linkExpired', 'The link expired with its export after seven days; ask the organisation again');
  const scope = TenantScope.named(link.tenantId);
  const record = await exportStore(scope).getSubjectExport(link.subjectId, link.exportId);
  if (!record) throw new Problem('exportGone', 'The export is no longer held');
  checkDownloadable(record, now);
  return { link, scope, record };
}

/**
 * obligation: DSR-5 — what the link's page shows: whose export it is and until when, in the
 * organisation's language. Nothing is downloaded and nothing is recorded.
 */
export async function viewSubjectExportLink(token: string, now: Date): Promise<{ language: Language; controllerName: string; expiresAt: string }> {
  const { scope, record } = await openExportLink(token, now);
  const tenant = await requireTenant(scope);
  return { language: tenant.language, controllerName: tenant.name, expiresAt: record.expiresAt! };
}

/**
 * obligation: DSR-5, AUD-3, EXP-2 — the public link: a well-signed token opens its one export
 * while it lasts (a bad signature is 404, as if nothing were there; past its time, expired or
 * erased, 410); the download is a disclosure to the data subject, logged with its basis before the
 * five-minute link is given.
 */
export async function downloadSubjectExport(uow: UnitOfWork, token: string, now: Date): Promise<DownloadLink> {
  const { link, scope, record } = await openExportLink(token, now);
  recordExportDownload(uow, scope, { kind: 'subject', exportId: record.id, subjectId: link.subjectId, requestId: record.requestId ?? '' }, now);
  recordAudit(uow, scope, { actor: 'data-subject-link', action: 'read', entity: 'subject', entityId: link.subjectId, fields: ['export'], at: now });
  return linkTo(record, `personal-data-${record.id}.json`, now);
}
