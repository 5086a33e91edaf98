import { listQuery, page } from './schemas/common.ts';
import type { Scope } from './schemas/api-key.ts';
import { downloadLink, exportPath, exportTokenPath, exportView } from './schemas/export.ts';

const ADMIN: readonly Scope[] = ['admin'];

/**
 * The export routes (EXP-1, EXP-2, DSR-5): the tenant requests a full export, follows its state
 * and downloads it through a five-minute link; a data subject opens the signed link their access
 * or portability request's answer gave them, without credentials.
 */
export const EXPORT_ROUTES = [
  {
    operationId: 'requestExport',
    method: 'POST',
    path: '/v1/exports',
    handler: 'tenant-exports',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Request a full export of the tenant’s data (a ZIP of NDJSON files per entity), produced in the background; 202 with its id',
    tags: ['exports'],
    response: exportView,
    successStatus: 202,
    // A retry without a key would produce the whole export again.
    requiresIdempotencyKey: true,
  },
  {
    operationId: 'listExports',
    method: 'GET',
    path: '/v1/exports',
    handler: 'tenant-exports',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Full exports, oldest first, with their state and expiry',
    tags: ['exports'],
    query: listQuery,
    response: page(exportView),
    successStatus: 200,
  },
  {
    operationId: 'getExport',
    method: 'GET',
    path: '/v1/exports/{exportId}',
    handler: 'tenant-exports',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'One export: queued, running, ready (with its files), failed, expired or withdrawn',
    tags: ['exports'],
    params: exportPath,
    response: exportView,
    successStatus: 200,
  },
  {
    operationId: 'downloadExport',
    method: 'GET',
    path: '/v1/exports/{exportId}/download',
    handler: 'tenant-exports',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Download a ready export: 303 to a link valid five minutes (HTTPS, encrypted at rest); recorded in the disclosure log. 410 once expired',
    tags: ['exports'],
    params: exportPath,
    response: downloadLink,
    successStatus: 303,
  },
  {
    operationId: 'downloadSubjectExport',
    method: 'GET',
    path: '/v1/public/exports/{token}',
    handler: 'export-links',
    auth: 'public',
    summary: 'A data subject’s export (access or portability request): 303 to a link valid five minutes; recorded in the disclosure log. 410 once expired or erased',
    tags: ['exports'],
    params: exportTokenPath,
    response: downloadLink,
    successStatus: 303,
  },
] as const;
