import { newSecretKey } from '../local/data-dir.ts';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem, type } from 'node:os';
import { writeFileSync } from 'node:fs';
import { startPlatform } from '../local/platform.ts';
import { seedDemoTenant } from '../local/seed.ts';
import { measureBundles, measureFloor } from './bundles.ts';
import { bundlesSection } from './bundles-report.ts';
import { round } from './stats.ts';
import { measureCapture, measureList } from './data-core.ts';
import { measureLatency } from './latency.ts';
import { deletionSection } from './deletion-report.ts';
import { purgeSection } from './purge-report.ts';
import { breachNoticesSection } from './breach-notices-report.ts';
import { exportSection } from './export-report.ts';
import { tenantCredentialsSection } from './tenant-credentials-report.ts';

/** `npm run bench`: measures, prints, and rewrites docs/benchmarks.md. Not part of `npm test`. */
const RATIO_GOAL = 1.5;
const CAPTURE_GOAL = 0.7;

// The floor before and after the functions: the machine's pace may drift during the run.
const floorBefore = measureFloor();
const bundles = measureBundles();
const floorAfter = measureFloor();
const token = `op_bench_${randomBytes(8).toString('hex')}`;
// The route samples seed tenants as the tests do; they read the operator token from here.
process.env.TEST_OPERATOR_TOKEN = token;
const platform = await startPlatform({ operatorToken: token, secrets: { blindIndexKey: newSecretKey(), linkSigningKey: newSecretKey() } });
let latency;
let tenantCredentials;
let capture;
let list;
let perRoute;
let deletion;
let purgeFigure;
let invoicing;
let breachNotices;
let exports;
try {
  const demo = await seedDemoTenant(platform.api.url, token);
  latency = await measureLatency(platform, demo);
  const { measureTenantCredentials } = await import('./tenant-credentials.ts');
  tenantCredentials = await measureTenantCredentials(platform);
  capture = await measureCapture(platform, await seedDemoTenant(platform.api.url, token, 'capture'));
  list = await measureList(platform, await seedDemoTenant(platform.api.url, token, 'list'));
  // Imported now: the test support creates SDK clients, which must see the platform's endpoints.
  const { measureRequestsPerRoute } = await import('./requests-per-route.ts');
  perRoute = await measureRequestsPerRoute(platform);
  const { measureDeletion } = await import('./deletion.ts');
  deletion = await measureDeletion();
  const { measurePurge } = await import('./purge.ts');
  purgeFigure = await measurePurge();
  const { measureInvoicing } = await import('./invoicing.ts');
  invoicing = await measureInvoicing(platform, token);
  const { measureBreachNotices } = await import('./breach-notices.ts');
  breachNotices = await measureBreachNotices(platform, token);
  const { measureExport } = await import('./export.ts');
  exports = await measureExport();
} finally {
  await platform.stop();
}

const ok = (pass: boolean) => (pass ? 'yes' : '**no**');
const machine = `${type()} ${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; numbers from one run on: ${machine}.
Goals come from the issues; a "no" is a finding to act on, not a test failure.

${bundlesSection(floorBefore, floorAfter, bundles)}
## Authenticated GET against raw GetItem

${latency.requests} sequential \`GET /v1/tenant\` with an API key through the local API server
(a keep-alive node:http client, REQUEST authorizer with API Gateway's cache semantics, handler,
one GetItem), against
${latency.requests} raw \`GetItem\` of the same item on the same DynamoDB Local, one of each in turn
(so both meet the same server state), after a warm-up.
The authorizer ran ${latency.authorizerInvocations} time(s) during the measured requests. Each GET audits its read of the
tenant's contacts through the read-audit queue; the local queue holds the entries until the
measurement ends (in the cloud a separate function writes them, and the SQS send adds its own
few milliseconds to each GET, which this local figure does not show).

| | p50 (ms) | p99 (ms) |
|---|---:|---:|
| GET /v1/tenant through the API | ${latency.apiP50} | ${latency.apiP99} |
| raw GetItem | ${latency.rawP50} | ${latency.rawP99} |

p50 ratio: **${latency.ratioP50}×** (goal ≤ ${RATIO_GOAL}×: ${ok(latency.ratioP50 <= RATIO_GOAL)}).

${tenantCredentialsSection(tenantCredentials)}
## Capture throughput against raw PutItem

${capture.captures} time entries posted through the API by ${capture.workers} concurrent keep-alive clients
(authorizer cache, validation, one transaction: subject check, entry, audit entry), against
${capture.captures} raw \`PutItem\` of equivalent items with the same concurrency on the same DynamoDB Local.

| | entries/s |
|---|---:|
| POST /v1/subjects/{id}/time-entries | ${capture.apiPerSecond} |
| raw PutItem | ${capture.rawPerSecond} |
| raw TransactWriteItems of the same three items the API writes | ${capture.rawTransactionPerSecond} |

Ratio: **${capture.ratio}×** (goal ≥ ${CAPTURE_GOAL}×: ${ok(capture.ratio >= CAPTURE_GOAL)}); DynamoDB requests per capture: ${capture.requestsPerCapture}.
Against the raw transaction the API reaches ${round(capture.apiPerSecond / capture.rawTransactionPerSecond)}×: the gap to PutItem is the
transaction that checks the subject is not restricted and writes the audit entry (docs/decisions.md, 31).

## Listing 1,000 subjects

${list.subjects} subjects of one category listed through the API, ${list.pageSize} per page: ${list.pages} pages,
${list.requests} DynamoDB requests (the pages' queries and, off the response path, the read-audit
consumer's batch writes of 1,000 read entries), ${list.ms} ms in all.

## DynamoDB requests per API operation

Every route once, with a valid request against a freshly seeded tenant and the authorizer's
decision cached, counted by an SDK middleware on the handlers' DynamoDB client. Read audits are
held in the queue during the call and their consumer's writes counted apart. Goal: 1 per read,
1 per write.

| operation | route | status | requests | ≤ 1 | read-audit writes (off path) |
|---|---|---:|---:|:-:|---:|
${perRoute.map((r) => `| ${r.operationId} | \`${r.method} ${r.path}\` | ${r.status} | ${r.requests} | ${ok(r.requests <= 1)} | ${r.auditRequests} |`).join('\n')}

${deletionSection(deletion)}
${purgeSection(purgeFigure)}
## Invoicing run

${invoicing.tenants} tenants with a monthly plan and a metered peak, invoiced by one run of the \`invoicing\` job at
the start of the month (eight tenants at a time; number claims and their commits one at a time, BIL-9): per tenant the
tenant's profile, the month's peak, one transaction (invoice, number, account) and the outbox's claim and mark of the
issue e-mail.

| tenants | invoices | time (s) | invoices/s | DynamoDB requests per tenant | e-mails |
|---:|---:|---:|---:|---:|---:|
| ${invoicing.tenants} | ${invoicing.invoices} | ${(invoicing.ms / 1000).toFixed(1)} | ${invoicing.invoicesPerSecond} | ${invoicing.requestsPerTenant} | ${invoicing.emailsSent} |

${breachNoticesSection(breachNotices)}
${exportSection(exports)}`;
writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), report);
console.log(report);
process.exit(0);
