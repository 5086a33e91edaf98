import type { RouteDefinition } from './route-definition.ts';
import { API_KEYS_ROUTES } from './routes/api-keys.ts';
import { ASSISTANCE_REQUESTS_ROUTES } from './routes/assistance-requests.ts';
import { AUDIT_TRAIL_ROUTES } from './routes/audit-trail.ts';
import { BILLING_ROUTES } from './routes/billing.ts';
import { CONSENT_LINKS_ROUTES } from './routes/consent-links.ts';
import { CONSENTS_ROUTES } from './routes/consents.ts';
import { DISCLOSURES_ROUTES } from './routes/disclosures.ts';
import { EXPORT_LINKS_ROUTES } from './routes/export-links.ts';
import { OPENAPI_ROUTES } from './routes/openapi.ts';
import { OPERATOR_ASSISTANCE_REQUESTS_ROUTES } from './routes/operator-assistance-requests.ts';
import { OPERATOR_BILLING_ROUTES } from './routes/operator-billing.ts';
import { OPERATOR_DISCLOSURES_ROUTES } from './routes/operator-disclosures.ts';
import { OPERATOR_INCIDENTS_ROUTES } from './routes/operator-incidents.ts';
import { OPERATOR_MAINTENANCE_ROUTES } from './routes/operator-maintenance.ts';
import { OPERATOR_RETENTION_ROUTES } from './routes/operator-retention.ts';
import { OPERATOR_TENANTS_ROUTES } from './routes/operator-tenants.ts';
import { PRIVACY_REQUEST_INTAKE_ROUTES } from './routes/privacy-request-intake.ts';
import { PRIVACY_REQUESTS_ROUTES } from './routes/privacy-requests.ts';
import { RETENTION_ROUTES } from './routes/retention.ts';
import { STATUS_PAGE_ROUTES } from './routes/status-page.ts';
import { SUBJECTS_ROUTES } from './routes/subjects.ts';
import { TENANT_BREACH_COMMUNICATIONS_ROUTES } from './routes/tenant-breach-communications.ts';
import { TENANT_EXPORTS_ROUTES } from './routes/tenant-exports.ts';
import { TENANT_INCIDENTS_ROUTES } from './routes/tenant-incidents.ts';
import { TENANT_PROFILE_ROUTES } from './routes/tenant-profile.ts';
import { TIME_ENTRIES_ROUTES } from './routes/time-entries.ts';

/**
 * The whole route table: every function's own routes, for what needs them all (the CDK stack,
 * the local platform, the OpenAPI document), so none of them can drift from what the functions
 * serve. A function never imports this module: it loads only `routes/<function>.ts`.
 */
export const ROUTES = [
  ...OPERATOR_TENANTS_ROUTES,
  ...API_KEYS_ROUTES,
  ...TENANT_PROFILE_ROUTES,
  ...SUBJECTS_ROUTES,
  ...TIME_ENTRIES_ROUTES,
  ...AUDIT_TRAIL_ROUTES,
  ...BILLING_ROUTES,
  ...OPERATOR_BILLING_ROUTES,
  ...TENANT_BREACH_COMMUNICATIONS_ROUTES,
  ...OPERATOR_INCIDENTS_ROUTES,
  ...TENANT_INCIDENTS_ROUTES,
  ...OPERATOR_MAINTENANCE_ROUTES,
  ...STATUS_PAGE_ROUTES,
  ...RETENTION_ROUTES,
  ...OPERATOR_RETENTION_ROUTES,
  ...TENANT_EXPORTS_ROUTES,
  ...EXPORT_LINKS_ROUTES,
  ...DISCLOSURES_ROUTES,
  ...OPERATOR_DISCLOSURES_ROUTES,
  ...ASSISTANCE_REQUESTS_ROUTES,
  ...OPERATOR_ASSISTANCE_REQUESTS_ROUTES,
  ...PRIVACY_REQUESTS_ROUTES,
  ...PRIVACY_REQUEST_INTAKE_ROUTES,
  ...CONSENTS_ROUTES,
  ...CONSENT_LINKS_ROUTES,
  ...OPENAPI_ROUTES,
] as const satisfies readonly RouteDefinition[];

export type Route = (typeof ROUTES)[number];
export type OperationId = Route['operationId'];
