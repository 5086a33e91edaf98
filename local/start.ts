import { join } from 'node:path';
import { localSecrets, dataDir, operatorToken, readJson, removeFile, wipe, writeJson } from './data-dir.ts';
import { startPlatform } from './platform.ts';
import { choosePort } from './ports.ts';
import { startScheduler } from './scheduler.ts';
import { seedDemoTenant } from './seed.ts';
import type { DemoTenant } from './seed.ts';

/**
 * `npm start`: the whole product on this machine. `--fresh` starts from empty data. Ctrl-C
 * stops every process it started. A part that crashes is restarted (obligation: SEC-5); one that
 * cannot come back stops everything with exit code 1.
 */
const dir = dataDir();
if (process.argv.includes('--fresh')) wipe(dir);
const token = operatorToken(dir);

const platform = await startPlatform({
  dynamoDataDir: join(dir, 'dynamodb'),
  s3DataDir: join(dir, 's3'),
  s3Port: await choosePort('SKRBNIK_S3_PORT', 4568),
  apiPort: await choosePort('SKRBNIK_API_PORT', 3000),
  sesPort: await choosePort('SKRBNIK_SES_PORT', 8005),
  dynamoPort: await choosePort('SKRBNIK_DYNAMODB_PORT', 8000),
  operatorToken: token,
  secrets: localSecrets(dir),
  // The access log, one JSON line per request: the route's template, never a path's values.
  logRequest: (line) => console.log(JSON.stringify({ at: new Date().toISOString(), ...line })),
  // obligation: SEC-5 — the wait before a restart doubles from SKRBNIK_RESTART_BACKOFF_MS (1 s)
  // up to 30 s; SKRBNIK_RESTART_LIMIT (5) restarts in a row that do not stay up for a minute
  // give the part up. One line per event on stderr.
  supervision: {
    ...(process.env.SKRBNIK_RESTART_BACKOFF_MS ? { backoffMs: Number(process.env.SKRBNIK_RESTART_BACKOFF_MS) } : {}),
    ...(process.env.SKRBNIK_RESTART_LIMIT ? { maxRestarts: Number(process.env.SKRBNIK_RESTART_LIMIT) } : {}),
    giveUp: (error) => {
      // The platform has stopped every part by now.
      removeFile(dir, 'platform.json');
      console.error(`Skrbnik stopped: ${error.message}.`);
      process.exit(1);
    },
  },
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await platform.stop();
  removeFile(dir, 'platform.json');
  console.log('Skrbnik stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

const scheduler = await platform.keepRunning(
  'scheduler',
  async () =>
    startScheduler((job, outcome) => {
      if (outcome instanceof Error) console.error(`job ${job} failed: ${outcome.name}`);
      else console.log(`job ${job} ran: ${JSON.stringify(outcome)}`);
    }),
  () => 'every job planned again',
);

let demo = readJson<DemoTenant>(dir, 'demo.json');
if (!demo) {
  demo = await seedDemoTenant(platform.api.url, token);
  writeJson(dir, 'demo.json', demo);
}
writeJson(dir, 'platform.json', {
  apiUrl: platform.api.url,
  dynamoEndpoint: platform.dynamo.endpoint,
  sesEndpoint: platform.ses.endpoint,
  tableName: platform.tableName,
  secrets: localSecrets(dir),
  s3Endpoint: platform.s3.endpoint,
  exportBucket: platform.s3.bucket,
  // `npm run job` flushes the authorizer cache through this platform, signed as its functions sign.
  managementSecret: platform.managementSecret,
});

console.log(`
Skrbnik is running on this machine.

  API            ${platform.api.url}/v1   (OpenAPI: ${platform.api.url}/v1/openapi.json)
  E-mail inbox   ${platform.ses.endpoint}/
  DynamoDB Local ${platform.dynamo.endpoint}   table ${platform.tableName}
  Local S3       ${platform.s3.endpoint}   bucket ${platform.s3.bucket} (exports)
  Data           ${dir}

  Operator token   ${token}
  Demo tenant      ${demo.tenantId}
  Demo API key     ${demo.apiKey}

  Processes: DynamoDB Local pid ${platform.dynamo.pid}, local SES pid ${platform.ses.pid}, local S3 pid ${platform.s3.pid}
  Next jobs: ${scheduler.current().next().map((n) => `${n.job} at ${n.at.toISOString()}`).join(', ')}

  Try:  curl -H "Authorization: Bearer ${demo.apiKey}" ${platform.api.url}/v1/tenant
  Stop: Ctrl-C
`);
