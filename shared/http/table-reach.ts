import { keys } from '../store/keys.ts';
import type { TenantReach } from '../store/tenant-boundary.ts';
import type { HttpFunctionName } from './route-definition.ts';

/** What a function may do with the items it reaches. */
export type TableAccess = 'read' | 'readWrite';

/**
 * obligation: TEN-3 — how a function reaches the table. Read by the handler (which client a request
 * runs with) and by the CDK stack (which grants the function's role gets), so the two cannot drift.
 * - `tenant`: only through the caller's tenant data role (infra/constructs/tenant-data-roles.ts),
 *   assumed per tenant; the function's own role has no table access at all.
 * - `partitions`: under its own role, limited to the partitions named, as IAM's
 *   `dynamodb:LeadingKeys` patterns (`*` any run, `?` one character), and to reads.
 * - `table`: under its own role, the whole table: operator functions, which act on any tenant by
 *   design behind IAM authentication (TEN-4).
 * - absent: no table access.
 */
export type TableReach =
  | { readonly via: 'tenant'; readonly access: TableAccess; readonly beyond?: TenantReach }
  | PartitionsReach
  | { readonly via: 'table'; readonly access: TableAccess };

export interface PartitionsReach {
  readonly via: 'partitions';
  readonly access: 'read';
  readonly actions: readonly ('GetItem' | 'Query')[];
  readonly partitions: readonly string[];
}

/** A tenant's root partition `T#<id>` and nothing under it: its profile and its keys (26-character ids). */
const TENANT_ROOT_PARTITION = `T#${'?'.repeat(26)}`;

/**
 * The authorizer reads a key and its tenant's lifecycle state, both in the tenant's root
 * partition, by key: never a subject, a time entry or an operator list.
 */
export const AUTHORIZER_TABLE_REACH: PartitionsReach = { via: 'partitions', access: 'read', actions: ['GetItem'], partitions: [TENANT_ROOT_PARTITION] };

export const HTTP_TABLE_REACH: Record<HttpFunctionName, TableReach | undefined> = {
  'operator-tenants': { via: 'table', access: 'readWrite' },
  'api-keys': { via: 'tenant', access: 'readWrite' },
  'tenant-profile': { via: 'tenant', access: 'read' },
  subjects: { via: 'tenant', access: 'readWrite' },
  'time-entries': { via: 'tenant', access: 'readWrite' },
  'audit-trail': { via: 'tenant', access: 'read' },
  billing: { via: 'tenant', access: 'readWrite' },
  'operator-billing': { via: 'table', access: 'readWrite' },
  'operator-maintenance': { via: 'table', access: 'readWrite' },
  // The public status page reads maintenance (the lists and the entries) and the status feed:
  // vendor-level partitions, nothing of a tenant.
  'status-page': {
    via: 'partitions',
    access: 'read',
    actions: ['GetItem', 'Query'],
    partitions: [keys.maintenanceList, keys.openMaintenancePartition, `${keys.maintenancePartition('0'.repeat(26)).slice(0, -26)}*`, keys.statusFeedList],
  },
  'operator-incidents': { via: 'table', access: 'readWrite' },
  // The tenant's view of incidents reads the breach register, where its own clock is kept (BRE-4).
  'tenant-incidents': { via: 'tenant', access: 'readWrite', beyond: 'breach-register' },
  // A campaign must name an incident the tenant was told of (BRE-5): read in the register.
  'tenant-breach-communications': { via: 'tenant', access: 'readWrite', beyond: 'breach-register' },
  'tenant-exports': { via: 'tenant', access: 'readWrite' },
  // Public: the signed link names the tenant (`namedTenant` of the function's handler).
  'export-links': { via: 'tenant', access: 'readWrite' },
  retention: { via: 'tenant', access: 'readWrite' },
  'operator-retention': { via: 'table', access: 'readWrite' },
  disclosures: { via: 'tenant', access: 'readWrite' },
  'operator-disclosures': { via: 'table', access: 'readWrite' },
  'assistance-requests': { via: 'tenant', access: 'readWrite' },
  'operator-assistance-requests': { via: 'table', access: 'readWrite' },
  'privacy-requests': { via: 'tenant', access: 'readWrite' },
  // Public: the form names the tenant the request is for.
  'privacy-request-intake': { via: 'tenant', access: 'readWrite' },
  consents: { via: 'tenant', access: 'readWrite' },
  // Public: the signed link names the tenant.
  'consent-links': { via: 'tenant', access: 'readWrite' },
  openapi: undefined,
};
