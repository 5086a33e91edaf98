import { round } from './stats.ts';
import type { TenantCredentialsFigure } from './tenant-credentials.ts';

/** Where its section of docs/benchmarks.md begins. */
export const TENANT_CREDENTIALS_HEADING = '## Tenant credentials (token vending)';

/** The section of docs/benchmarks.md for what the tenant data role adds to a request (TEN-3). */
export function tenantCredentialsSection(f: TenantCredentialsFigure): string {
  return `${TENANT_CREDENTIALS_HEADING}

Measured on ${new Date().toISOString().slice(0, 10)} (\`npx tsx bench/only.ts tenant-credentials\` measures only this part and rewrites only this section).
What reaching the table through the tenant data role costs (TEN-3, \`shared/clients/dynamodb.ts\`). **First call**: a
tenant's first GetItem in a container — AssumeRole with the tenant's session tag (here through the local STS stand-in),
a new table client, its first connection — for ${f.firstCalls} new tenants, against a new plain client's first GetItem of the
same item, one of each in turn. **Cached**: ${f.cachedCalls} GetItem through one tenant's cached client (the in-code
partition check included) against the function's own client, one of each in turn, after a warm-up. STS was asked
${f.sessions} time(s) for the ${f.firstCalls} tenants, and ${f.cachedSessions} time(s) in the ${f.cachedCalls + f.warmUp} calls of the cached tenant (warm-up included).

| | p50 (ms) | p99 (ms) | baseline p50 (ms) | baseline p99 (ms) | added at p50 (ms) |
|---|---:|---:|---:|---:|---:|
| first call of a tenant | ${f.firstP50} | ${f.firstP99} | ${f.firstRawP50} | ${f.firstRawP99} | ${round(f.firstP50 - f.firstRawP50)} |
| cached | ${f.cachedP50} | ${f.cachedP99} | ${f.cachedRawP50} | ${f.cachedRawP99} | ${round(f.cachedP50 - f.cachedRawP50)} |

The stand-in answers on this machine; STS in the region adds its own round trip to a first call (tens of milliseconds,
not measured here), once per tenant and container every ten minutes (sessions last 15 minutes and the SDK renews them
5 minutes early). A container keeps the clients of its 100 most recent tenants.
`;
}
