import * as z from 'zod/mini';
import { clock, filing, tenantFilingBody, tenantIncident } from '../../model/incident.ts';
import { ADMIN } from '../route-definition.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { incidentPath } from '../wire.ts';

/** The breach register (BRE-1..4, BRE-6): operator routes, and what an affected tenant sees and does. */
export const TENANT_INCIDENTS_ROUTES = [
  {
    operationId: 'listOwnIncidents',
    method: 'GET',
    path: '/v1/incidents',
    handler: 'tenant-incidents',
    auth: 'tenant',
    scopes: ADMIN,
    summary: 'Incidents that affect this tenant, as notified, with its own clock and filings',
    tags: ['incidents'],
    response: z.object({ items: z.array(tenantIncident) }),
    successStatus: 200,
  },
  {
    operationId: 'startBreachClock',
    method: 'POST',
    path: '/v1/incidents/{incidentId}/clock',
    handler: 'tenant-incidents',
    auth: 'tenant',
    scopes: ADMIN,
    summary: "Have the platform keep this tenant's own 72-hour clock, with reminders",
    tags: ['incidents'],
    params: incidentPath,
    response: clock,
    successStatus: 201,
  },
  {
    operationId: 'fileOwnBreach',
    method: 'POST',
    path: '/v1/incidents/{incidentId}/filings',
    handler: 'tenant-incidents',
    auth: 'tenant',
    scopes: ADMIN,
    summary: "Record this tenant's filing with its supervisory authority",
    tags: ['incidents'],
    params: incidentPath,
    body: tenantFilingBody,
    response: filing,
    successStatus: 201,
  },
] as const satisfies readonly RouteDefinition[];
