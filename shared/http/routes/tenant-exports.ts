import * as z from 'zod/mini';
import { id, page } from '../../model/common.ts';
import { downloadLink, exportView } from '../../model/export.ts';
import { ADMIN } from '../route-definition.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { listQuery } from '../wire.ts';

const exportPath = z.strictObject({ exportId: id });

/**
 * The export routes (EXP-1, EXP-2, DSR-5): the tenant requests a full export, follows its state
 * and downloads it through a five-minute link; a data subject opens the signed link their access
 * or portability request's answer gave them, without credentials.
 */
export const TENANT_EXPORTS_ROUTES = [
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
    problems: ['exportGone'],
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
] as const satisfies readonly RouteDefinition[];
