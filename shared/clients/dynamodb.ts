import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Pluggable } from '@smithy/types';
import { runtime } from '../config/runtime.ts';
import { assertWithinPartitions, reachPatterns } from '../store/tenant-boundary.ts';
import type { TenantReach } from '../store/tenant-boundary.ts';
import { CLIENT_BUDGETS, clientConfig } from './endpoint.ts';
import { tenantCredentials } from './tenant-credentials.ts';

type DocumentClient = Pick<DynamoDBDocumentClient, 'send'>;

/** Middleware every table client gets, present and future (the benchmark's request counter). */
const plugins: Pluggable<any, any>[] = [];

function newClient(extra: Partial<DynamoDBClientConfig>, partitions?: readonly string[]): DynamoDBDocumentClient {
  const client = new DynamoDBClient({ ...clientConfig(runtime.dynamoEndpoint, CLIENT_BUDGETS.dynamodb), ...extra });
  if (partitions !== undefined) {
    // obligation: TEN-3 — in code as well as in IAM: a bounded client refuses, before sending, any
    // request beyond its partitions (a scan, another tenant's key, an operator list).
    client.middlewareStack.add(
      (next, context) => async (args) => {
        assertWithinPartitions(partitions, context.commandName ?? 'unknown', args.input as never);
        return next(args);
      },
      { step: 'initialize', priority: 'low', name: 'skrbnikPartitionBoundary' },
    );
  }
  for (const plugin of plugins) client.middlewareStack.use(plugin);
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

let own: DynamoDBDocumentClient | undefined;
/** The function's own client, under its own role: operator routes and jobs. */
const ownClient = () => (own ??= newClient({}));

/** At most this many bounded clients (one per tenant, mostly) are kept per container; the least recently used goes first. */
const BOUNDED_CLIENTS_KEPT = 100;
const bounded = new Map<string, DynamoDBDocumentClient>();

function boundedClient(partitions: readonly string[], tenantId?: string): DynamoDBDocumentClient {
  const cacheKey = `${tenantId ?? '-'} ${partitions.join(' ')}`;
  let client = bounded.get(cacheKey);
  if (client) {
    bounded.delete(cacheKey);
  } else {
    const credentials = tenantId === undefined ? undefined : tenantCredentials(tenantId);
    client = newClient(credentials === undefined ? {} : { credentials }, partitions);
    if (bounded.size >= BOUNDED_CLIENTS_KEPT) {
      const [oldest] = bounded.keys();
      bounded.get(oldest!)!.destroy();
      bounded.delete(oldest!);
    }
  }
  bounded.set(cacheKey, client);
  return client;
}

const current = new AsyncLocalStorage<DocumentClient>();

/**
 * The table client of whatever runs now: inside {@link asTenant} or {@link withinPartitions} the
 * bounded one; otherwise the function's own. Stores send through this and never choose: a handler
 * decides once, at the edge (shared/http/table-reach.ts).
 */
export const documentClient: DocumentClient = {
  send: ((command: never) => (current.getStore() ?? ownClient()).send(command)) as DynamoDBDocumentClient['send'],
};

/**
 * obligation: TEN-3 — runs `work` with the tenant's table client: under credentials limited to the
 * tenant's partitions (the function's tenant data role, assumed with the tenant's session tag,
 * cached per container) and behind the same partitions in code. The functions that serve tenants
 * have no table access of their own, so this is their only way in. `beyond` names what their
 * tenant data role admits beside the tenant's partitions.
 */
export function asTenant<T>(tenantId: string, work: () => Promise<T>, beyond: TenantReach = 'own'): Promise<T> {
  return current.run(boundedClient(reachPatterns(tenantId, beyond), tenantId), work);
}

/**
 * Runs `work` under the function's own role, behind the partitions `patterns` admit (IAM
 * StringLike patterns), as its role's policy admits them: the authorizer and the status page.
 */
export function withinPartitions<T>(patterns: readonly string[], work: () => Promise<T>): Promise<T> {
  return current.run(boundedClient(patterns), work);
}

/** Adds middleware to every table client, present and future (the benchmark counts requests). */
export function observeTableRequests(plugin: Pluggable<any, any>): void {
  plugins.push(plugin);
  for (const client of [own, ...bounded.values()]) client?.middlewareStack.use(plugin);
}
