import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import { localSecrets, dataDir, operatorToken, readJson } from './data-dir.ts';
import { localDynamoClient } from './dynamodb.ts';
import { applyLocalEnvironment } from './environment.ts';
import type { LocalEndpoints } from './environment.ts';
import { startPlatform } from './platform.ts';
import { runJob } from './scheduler.ts';
import { LocalTopic } from './sns.ts';
import { useTopicPublisher } from '../shared/clients/sns.ts';
import { LOCAL_MANAGEMENT_SECRET_VARIABLE } from '../shared/clients/api-gateway.ts';
import { JOBS } from '../shared/jobs/jobs.ts';

/**
 * `npm run job -- <name> [--now <ISO time>]`: runs one job at any simulated time, against the
 * running platform when `npm start` is up, else against the same data with parts of its own.
 */
const [name] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--now');
const nowIndex = process.argv.indexOf('--now');
const now = nowIndex > 0 ? new Date(process.argv[nowIndex + 1] ?? '') : new Date();
if (!name || !JOBS.some((j) => j.name === name) || Number.isNaN(now.getTime())) {
  console.error('usage: npm run job -- <job name> [--now 2026-12-01T08:00:00+01:00]');
  console.error(`jobs: ${JOBS.map((j) => j.name).join(', ')}`);
  process.exit(2);
}

const dir = dataDir();
const running = readJson<LocalEndpoints & { managementSecret?: string }>(dir, 'platform.json');
const reachable =
  running !== undefined &&
  (await localDynamoClient(running.dynamoEndpoint)
    .send(new ListTablesCommand({}))
    .then(() => true, () => false));

if (running && reachable) {
  applyLocalEnvironment(running);
  // Flushes of the authorizer cache go to the running platform, signed with its run's secret.
  if (running.managementSecret !== undefined) process.env[LOCAL_MANAGEMENT_SECRET_VARIABLE] = running.managementSecret;
  // This process is not the platform's, so its notice topic is one of its own: what the job
  // publishes is printed here rather than delivered to the platform's subscribers.
  const topic = new LocalTopic();
  useTopicPublisher(topic);
  console.log(JSON.stringify(await runJob(name, now)));
  for (const message of topic.messages) console.log(`topic: ${message.subject}`);
} else {
  const platform = await startPlatform({ dynamoDataDir: join(dir, 'dynamodb'), s3DataDir: join(dir, 's3'), operatorToken: operatorToken(dir), secrets: localSecrets(dir) });
  try {
    console.log(JSON.stringify(await runJob(name, now)));
    console.log('(npm start was not running: e-mails went to a temporary inbox that is now gone)');
  } finally {
    await platform.stop();
  }
}
process.exit(0);
