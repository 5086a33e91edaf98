import * as z from 'zod/mini';
import { page, timestamp } from '../../model/common.ts';
import { createTimeEntryBody, timeEntry } from '../../model/time-entry.ts';
import { CAPTURE } from '../route-definition.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { cursor, limit, subjectPath } from '../wire.ts';

const listTimeEntriesQuery = z.strictObject({
  from: z.optional(timestamp),
  to: z.optional(timestamp),
  limit: limit(500, 100),
  cursor,
});

/** The routes the `time-entries` function serves. */
export const TIME_ENTRIES_ROUTES = [
  {
    operationId: 'createTimeEntry',
    problems: ['subjectRestricted'],
    method: 'POST',
    path: '/v1/subjects/{subjectId}/time-entries',
    handler: 'time-entries',
    auth: 'tenant',
    scopes: CAPTURE,
    summary: 'Capture a clock event or a time interval for a data subject',
    tags: ['capture'],
    params: subjectPath,
    body: createTimeEntryBody,
    response: timeEntry,
    successStatus: 201,
    replayKeeps: ['id', 'subjectId', 'recordedAt'],
  },
  {
    operationId: 'listTimeEntries',
    method: 'GET',
    path: '/v1/subjects/{subjectId}/time-entries',
    handler: 'time-entries',
    auth: 'tenant',
    scopes: CAPTURE,
    summary: "A data subject's time entries in a time range, oldest first",
    tags: ['capture'],
    params: subjectPath,
    query: listTimeEntriesQuery,
    response: page(timeEntry),
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];
