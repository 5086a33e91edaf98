import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { Clock, Filing, Incident, Phase } from '../model/incident.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll, queryPage } from './query.ts';
import type { PartitionQuery } from './query.ts';
import { TABLE } from './table.ts';
import type { UnitOfWork } from './unit-of-work.ts';

const index = TABLE.indexes.byType;
const INDEX_KEYS = [...TABLE_KEY_ATTRIBUTES, index.partitionKey, index.sortKey];

const LIST: PartitionQuery = {
  indexName: index.name,
  partitionAttribute: index.partitionKey,
  partitionValue: keys.incidentsList,
  keyAttributes: INDEX_KEYS,
};

function within(incidentId: string, prefix: string): PartitionQuery {
  return {
    partitionAttribute: TABLE.partitionKey,
    partitionValue: keys.incidentPartition(incidentId),
    keyAttributes: TABLE_KEY_ATTRIBUTES,
    sortKeyPrefix: { attribute: TABLE.sortKey, prefix },
  };
}

async function all<T>(query: PartitionQuery): Promise<T[]> {
  const items: T[] = [];
  for await (const item of queryAll(query)) items.push(withoutStorage(item) as T);
  return items;
}

/** The register's record that a tenant was told (BRE-2): never the address. */
export type Notified = {
  tenantId: string;
  phase: number;
  channel: string;
  role: string;
  sentAt?: string;
  messageId?: string;
};

/** Whether `tenantId` may see `incident`: named by it and told of it, directly or publicly. */
export function isToldTo(incident: Incident, tenantId: string): boolean {
  return incident.affectedTenantIds.includes(tenantId) && incident.notification.decision !== 'not-notified';
}

/**
 * obligation: BRE-1, BRE-6 — the breach register: an entry per incident with its current facts,
 * every phase as it was recorded (never changed afterwards), the 72-hour clocks and the filings.
 * It lives outside every tenant's key space: it is the vendor's record, read by operators.
 */
export const incidents = {
  save(uow: UnitOfWork, incident: Incident, readVersion: number): void {
    uow.put(readVersion === 0 ? 'incident' : 'incident-version', {
      Item: {
        ...keys.incident(incident.id),
        type: 'incident',
        [index.partitionKey]: keys.incidentsList,
        [index.sortKey]: `${incident.awareAt}#${incident.id}`,
        ...incident,
      },
      ...(readVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: '#version = :v', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':v': readVersion } }),
    });
  },

  /** A phase is written once: what was recorded (and sent) is never edited. */
  addPhase(uow: UnitOfWork, incidentId: string, phase: Phase): void {
    uow.put('incident-phase', {
      Item: { ...keys.incidentPhase(incidentId, phase.number), type: 'incident-phase', ...phase },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  },

  saveClock(uow: UnitOfWork, incidentId: string, clock: Clock, create: boolean): void {
    const open = clock.firstFiledAt === undefined;
    uow.put('incident-clock', {
      Item: {
        ...keys.incidentClock(incidentId, clock.controller),
        type: 'incident-clock',
        incidentId,
        ...(open ? { [index.partitionKey]: keys.openClocksList, [index.sortKey]: `${clock.deadline}#${incidentId}#${clock.controller}` } : {}),
        ...clock,
      },
      ...(create ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    });
  },

  /** The first filing closes the clock and fixes its lateness: two racing first filings cannot both. */
  fileClock(uow: UnitOfWork, incidentId: string, clock: Clock): void {
    uow.put('incident-clock', {
      Item: { ...keys.incidentClock(incidentId, clock.controller), type: 'incident-clock', incidentId, ...clock },
      ConditionExpression: 'attribute_not_exists(firstFiledAt)',
    });
  },

  async setFilingMessageId(incidentId: string, filing: Filing, messageId: string): Promise<void> {
    await documentClient.send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: keys.incidentFiling(incidentId, filing.at, filing.id),
        UpdateExpression: 'SET messageId = :id',
        ExpressionAttributeValues: { ':id': messageId },
      }),
    );
  },

  addFiling(uow: UnitOfWork, incidentId: string, filing: Filing): void {
    uow.put('incident-filing', {
      Item: { ...keys.incidentFiling(incidentId, filing.at, filing.id), type: 'incident-filing', ...filing },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  },

  /**
   * obligation: BRE-2, BRE-6 — the register's own evidence that a tenant was told: when, which
   * phase, which channel and role, with the message id from the tenant's notice log — never the
   * address. It outlives the tenant's deletion, which removes that log.
   */
  async recordNotified(incidentId: string, n: { tenantId: string; phase: number; channel: string; role: string; sentAt?: string | undefined; messageId?: string | undefined }): Promise<void> {
    const { sentAt, messageId, ...what } = n;
    await documentClient.send(
      new PutCommand({
        TableName: runtime.tableName,
        Item: {
          ...keys.incidentNotified(incidentId, n),
          type: 'incident-notified',
          ...what,
          ...(sentAt ? { sentAt } : {}),
          ...(messageId ? { messageId } : {}),
        },
      }),
    );
  },

  /** One tenant's record for one phase, channel and role: its key is known, so one read. */
  async notifiedOf(incidentId: string, n: { tenantId: string; phase: number; channel: string; role: string }): Promise<Notified | undefined> {
    const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.incidentNotified(incidentId, n), ConsistentRead: true }));
    return Item ? (withoutStorage(Item) as Notified) : undefined;
  },

  /** A phase whose notices have all gone out: the breach-clock job stops checking it. */
  async markPhaseSent(incidentId: string, phase: number, at: string): Promise<void> {
    await documentClient.send(
      new PutCommand({ TableName: runtime.tableName, Item: { ...keys.incidentPhaseSent(incidentId, phase), type: 'incident-phase-sent', phase, at } }),
    );
  },

  /**
   * obligation: TEN-3 — the one way a tenant reaches an incident: it must name the tenant, and the
   * tenant must have been told of it (directly or publicly); otherwise it does not exist for it.
   */
  async toldTo(incidentId: string, tenantId: string): Promise<Incident | undefined> {
    const incident = await incidents.get(incidentId);
    return incident && isToldTo(incident, tenantId) ? incident : undefined;
  },

  async get(incidentId: string): Promise<Incident | undefined> {
    const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.incident(incidentId), ConsistentRead: true }));
    return Item ? (withoutStorage(Item) as Incident) : undefined;
  },

  async clock(incidentId: string, controller: string): Promise<Clock | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: runtime.tableName, Key: keys.incidentClock(incidentId, controller), ConsistentRead: true }),
    );
    return Item ? (withoutStorage(Item, ['incidentId']) as Clock) : undefined;
  },

  /**
   * Phases, sent markers and filings of an incident: what the breach-clock job needs of each
   * incident on every run. Only those prefixes are read — never the per-tenant `NOTIFIED#` records,
   * which grow with every tenant told.
   */
  async progress(incidentId: string): Promise<{ phases: Phase[]; sent: Set<number>; filings: Filing[] }> {
    const [phases, sent, filings] = await Promise.all([
      incidents.phases(incidentId),
      all<{ phase: number }>(within(incidentId, keys.incidentPhaseSentPrefix)),
      incidents.filings(incidentId),
    ]);
    return { phases, sent: new Set(sent.map((s) => s.phase)), filings };
  },

  /** The whole register entry (BRE-6) in one query of its partition, its records sorted by kind. */
  async detail(incidentId: string): Promise<{ incident: Incident; phases: Phase[]; clocks: Clock[]; filings: Filing[]; notified: Notified[] } | undefined> {
    let incident: Incident | undefined;
    const phases: Phase[] = [];
    const clocks: Clock[] = [];
    const filings: Filing[] = [];
    const notified: Notified[] = [];
    const query: PartitionQuery = { partitionAttribute: TABLE.partitionKey, partitionValue: keys.incidentPartition(incidentId), keyAttributes: TABLE_KEY_ATTRIBUTES };
    for await (const item of queryAll(query)) {
      const sk = item.sk as string;
      if (sk === keys.incident(incidentId).sk) incident = withoutStorage(item) as Incident;
      else if (sk.startsWith(keys.incidentPhasePrefix)) phases.push(withoutStorage(item) as Phase);
      else if (sk.startsWith(keys.incidentClockPrefix)) clocks.push(withoutStorage(item, ['incidentId']) as Clock);
      else if (sk.startsWith(keys.incidentFilingPrefix)) filings.push(withoutStorage(item) as Filing);
      else if (sk.startsWith(keys.incidentNotifiedPrefix)) notified.push(withoutStorage(item) as Notified);
    }
    return incident && { incident, phases, clocks, filings, notified };
  },

  phases: (incidentId: string) => all<Phase>(within(incidentId, keys.incidentPhasePrefix)),
  filings: (incidentId: string) => all<Filing>(within(incidentId, keys.incidentFilingPrefix)),

  async list(limit: number, cursor?: string) {
    const { items, nextCursor } = await queryPage(LIST, limit, cursor);
    return { items: items.map((i) => withoutStorage(i) as Incident), nextCursor };
  },

  async *each(): AsyncGenerator<Incident> {
    for await (const item of queryAll(LIST)) yield withoutStorage(item) as Incident;
  },

  /** Clocks without a first filing, across incidents. */
  async *openClocks(): AsyncGenerator<Clock & { incidentId: string }> {
    const query: PartitionQuery = { indexName: index.name, partitionAttribute: index.partitionKey, partitionValue: keys.openClocksList, keyAttributes: INDEX_KEYS };
    for await (const item of queryAll(query)) yield withoutStorage(item) as Clock & { incidentId: string };
  },
};
