import * as z from 'zod/mini';
import { downloadLink } from '../../model/export.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { EXPORT_TOKEN } from '../../crypto/export-links.ts';

const exportTokenPath = z.strictObject({
  token: z.string().check(z.maxLength(200), z.regex(EXPORT_TOKEN, 'must be an export link token as the link gave it')),
});

/**
 * The export routes (EXP-1, EXP-2, DSR-5): the tenant requests a full export, follows its state
 * and downloads it through a five-minute link; a data subject opens the signed link their access
 * or portability request's answer gave them, without credentials.
 */
export const EXPORT_LINKS_ROUTES = [
  {
    operationId: 'getSubjectExportPage',
    problems: ['linkExpired', 'exportGone'],
    method: 'GET',
    path: '/v1/public/exports/{token}',
    handler: 'export-links',
    auth: 'public',
    summary: 'The page a data subject’s export link opens: whose data, until when, and a button; opening it downloads and records nothing. 410 once expired or erased',
    tags: ['exports'],
    params: exportTokenPath,
    response: z.string(),
    successStatus: 200,
    produces: 'text/html',
  },
  {
    operationId: 'downloadSubjectExport',
    problems: ['linkExpired', 'exportGone'],
    method: 'POST',
    path: '/v1/public/exports/{token}',
    handler: 'export-links',
    auth: 'public',
    summary: 'The page’s button: 303 to a link to the export valid five minutes; recorded in the disclosure log. 410 once expired or erased',
    tags: ['exports'],
    params: exportTokenPath,
    response: downloadLink,
    successStatus: 303,
  },
] as const satisfies readonly RouteDefinition[];
