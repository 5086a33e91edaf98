import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { BillingAccount, CreditNote, Invoice, Payment } from '../model/billing.ts';
import type { BillingState } from '../model/billing-state.ts';
import { getAll } from './batch.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll, queryPage } from './query.ts';
import type { PartitionQuery } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

const index = TABLE.indexes.byType;
const INDEX_KEYS = [...TABLE_KEY_ATTRIBUTES, index.partitionKey, index.sortKey];

/**
 * Where an account is listed for the jobs: active ones for invoicing, dormant ones by deletion
 * date, ending ones by end date (a range query finds those due), deleting ones for the deletion
 * job; a deleted account is listed nowhere.
 */
function accountListing(account: BillingAccount): Record<string, string> {
  const t = account.tenantId;
  switch (account.state) {
    case 'active':
      return { [index.partitionKey]: keys.billingAccountsList, [index.sortKey]: `active#${t}` };
    case 'dormant':
      return { [index.partitionKey]: keys.billingAccountsList, [index.sortKey]: `dormant#${account.dormancy!.deleteAt}#${t}` };
    case 'ending':
      return { [index.partitionKey]: keys.billingAccountsList, [index.sortKey]: `ending#${account.ending!.endsAt}#${t}` };
    case 'deleting':
      return { [index.partitionKey]: keys.deletingList, [index.sortKey]: `${account.stateSince}#${t}` };
    case 'deleted':
      return {};
  }
}

/** An open invoice is listed by its dormancy instant, so the dormancy job finds the due ones by range. */
function invoiceListing(invoice: Invoice, tenantId: string): Record<string, string> {
  return invoice.balanceCents > 0 && invoice.dunningStoppedAt === undefined
    ? { [index.partitionKey]: keys.unpaidInvoicesList, [index.sortKey]: `${invoice.dormantAt}#${tenantId}#${invoice.id}` }
    : {};
}

const versionIs = (version: number) =>
  version === 0
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : {
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': version },
      };

/** The billing partition of one tenant: account, invoices, payments, credit notes. */
export function billingRepository(scope: TenantScope) {
  const t = scope.tenantId;
  const partition = (prefix: string): PartitionQuery => ({
    partitionAttribute: TABLE.partitionKey,
    partitionValue: keys.billingPartition(t),
    keyAttributes: TABLE_KEY_ATTRIBUTES,
    sortKeyPrefix: { attribute: TABLE.sortKey, prefix },
  });

  async function get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: key, ConsistentRead: true }));
    return Item ? (withoutStorage(Item, ['tenantId']) as T) : undefined;
  }

  return {
    /**
     * The stored account, or the implicit one of a tenant that has no plan yet (version 0), active
     * since `createdAt` (the tenant's creation, when the caller knows it).
     */
    async account(createdAt = new Date(0).toISOString()): Promise<BillingAccount> {
      const stored = await documentClient.send(
        new GetCommand({ TableName: runtime.tableName, Key: keys.billingAccount(t), ConsistentRead: true }),
      );
      if (stored.Item) return withoutStorage(stored.Item) as BillingAccount;
      return { tenantId: t, state: 'active', stateSince: createdAt, version: 0, updatedAt: createdAt };
    },

    /**
     * The tenant profile, the account and the seat count in one request, for the billing overview:
     * undefined when the tenant never existed.
     */
    async withProfileAndSeats(): Promise<{ profile: Record<string, unknown>; account: BillingAccount; seats?: Record<string, unknown> } | undefined> {
      const wanted = [keys.tenantProfile(t), keys.billingAccount(t), keys.seats(t)];
      const found = await getAll(wanted, { consistent: true });
      const item = (key: { pk: string; sk: string }) => found.find((i) => i.pk === key.pk && i.sk === key.sk);
      const profile = item(wanted[0]!);
      if (!profile) return undefined;
      const stored = item(wanted[1]!);
      const createdAt = profile.createdAt as string;
      const account = stored
        ? (withoutStorage(stored) as BillingAccount)
        : { tenantId: t, state: 'active' as const, stateSince: createdAt, version: 0, updatedAt: createdAt };
      const seats = item(wanted[2]!);
      return { profile, account, ...(seats ? { seats } : {}) };
    },

    /**
     * Writes the account if it is still at the version read (0: not stored yet), with its
     * listing, and mirrors the state onto the tenant profile, which the authorizer reads (DUN-3).
     */
    saveAccount(uow: UnitOfWork, account: BillingAccount, readVersion: number, previousState: BillingState): void {
      uow.put('billing-account', {
        Item: { ...keys.billingAccount(t), type: 'billing-account', ...accountListing(account), ...account },
        ...versionIs(readVersion),
      });
      if (account.state !== previousState) {
        uow.update('tenant-status', {
          Key: keys.tenantProfile(t),
          UpdateExpression: 'SET #status = :state',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':state': account.state },
        });
      }
    },

    invoice: (invoiceId: string) => get<Invoice>(keys.invoice(t, invoiceId)),

    /** Writes a new invoice (readVersion 0) or a new version of one (payments, credits). */
    saveInvoice(uow: UnitOfWork, invoice: Invoice, readVersion: number): void {
      uow.put(readVersion === 0 ? 'invoice' : 'invoice-version', {
        Item: { ...keys.invoice(t, invoice.id), type: 'invoice', tenantId: t, ...invoiceListing(invoice, t), ...invoice },
        ...versionIs(readVersion),
      });
    },

    /** Makes a transaction depend on the invoice being as read: a payment meanwhile cancels it. */
    mustBeUnchanged(uow: UnitOfWork, invoice: Invoice): void {
      uow.conditionCheck('invoice-version', {
        Key: keys.invoice(t, invoice.id),
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': invoice.version },
      });
    },

    /** obligation: DUN-5 — a deleted tenant has nobody to remind: its open invoices leave the dunning list. */
    stopDunning(uow: UnitOfWork, invoice: Invoice, now: Date): void {
      uow.update('invoice-version', {
        Key: keys.invoice(t, invoice.id),
        UpdateExpression: 'SET dunningStoppedAt = :now, #version = :next REMOVE #gpk, #gsk',
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#gpk': index.partitionKey, '#gsk': index.sortKey, '#version': 'version' },
        ExpressionAttributeValues: { ':now': now.toISOString(), ':version': invoice.version, ':next': invoice.version + 1 },
      });
    },

    async invoices(limit: number, cursor?: string) {
      const { items, nextCursor } = await queryPage(partition(keys.invoicePrefix), limit, cursor);
      return { items: items.map((i) => withoutStorage(i, ['tenantId']) as Invoice), nextCursor };
    },

    async *allInvoices(): AsyncGenerator<Invoice> {
      for await (const i of queryAll(partition(keys.invoicePrefix))) yield withoutStorage(i, ['tenantId']) as Invoice;
    },

    savePayment(uow: UnitOfWork, payment: Payment): void {
      uow.put('payment', {
        Item: { ...keys.payment(t, payment.paidOn, payment.id), type: 'payment', ...payment },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    },

    /** Payments made between two dates, both included (BIL-8), every page of them. */
    async paymentsBetween(from: string, to: string): Promise<Payment[]> {
      const payments: Payment[] = [];
      for await (const i of queryAll({
        partitionAttribute: TABLE.partitionKey,
        partitionValue: keys.billingPartition(t),
        keyAttributes: TABLE_KEY_ATTRIBUTES,
        // `~` sorts after the payment id that follows the date, so the whole of `to` is included.
        sortKeyRange: { attribute: TABLE.sortKey, from: `${keys.paymentPrefix}${from}`, to: `${keys.paymentPrefix}${to}~` },
      })) {
        payments.push(withoutStorage(i) as Payment);
      }
      return payments;
    },

    saveCreditNote(uow: UnitOfWork, creditNote: CreditNote): void {
      uow.put('credit-note', {
        Item: { ...keys.creditNote(t, creditNote.id), type: 'credit-note', ...creditNote },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    },

    creditNote: (creditNoteId: string) => get<CreditNote>(keys.creditNote(t, creditNoteId)),

    async creditNotes(limit: number, cursor?: string) {
      const { items, nextCursor } = await queryPage(partition(keys.creditNotePrefix), limit, cursor);
      return { items: items.map((i) => withoutStorage(i) as CreditNote), nextCursor };
    },
  };
}

export type BillingRepository = ReturnType<typeof billingRepository>;

/**
 * obligation: BIL-9 — gapless numbers: the next number is claimed in the same transaction as the
 * document, on the condition that the series still ends where it was read. A crash leaves no
 * hole; a race makes one side read again.
 */
export const documentNumbers = {
  async last(series: 'INVOICE' | 'CREDIT-NOTE', year: number): Promise<number> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: runtime.tableName, Key: keys.documentSequence(series, year), ConsistentRead: true }),
    );
    return (Item?.last as number | undefined) ?? 0;
  },

  claim(uow: UnitOfWork, series: 'INVOICE' | 'CREDIT-NOTE', year: number, after: number, count = 1): void {
    uow.update(`sequence-${series}`, {
      Key: keys.documentSequence(series, year),
      UpdateExpression: 'SET #last = :last, #type = :type',
      ConditionExpression: after === 0 ? 'attribute_not_exists(#last)' : '#last = :after',
      ExpressionAttributeNames: { '#last': 'last', '#type': 'type' },
      ExpressionAttributeValues: { ':last': after + count, ':type': 'document-sequence', ...(after === 0 ? {} : { ':after': after }) },
    });
  },
};

export function formatNumber(series: 'INVOICE' | 'CREDIT-NOTE', year: number, n: number): string {
  return `${series === 'CREDIT-NOTE' ? 'CN-' : ''}${year}-${String(n).padStart(6, '0')}`;
}

/** Accounts in a state, across tenants; dormant and ending ones only up to `dueBy` when given. */
export async function* accountsIn(state: 'active' | 'dormant' | 'ending', dueBy?: string): AsyncGenerator<BillingAccount> {
  const query: PartitionQuery = {
    indexName: index.name,
    partitionAttribute: index.partitionKey,
    partitionValue: keys.billingAccountsList,
    keyAttributes: INDEX_KEYS,
    ...(dueBy === undefined
      ? { sortKeyPrefix: { attribute: index.sortKey, prefix: `${state}#` } }
      : { sortKeyRange: { attribute: index.sortKey, from: `${state}#`, to: `${state}#${dueBy}` } }),
  };
  for await (const item of queryAll(query)) yield withoutStorage(item) as BillingAccount;
}

/** Open invoices across tenants, in order of their dormancy instant; only those due by `dueBy` when given. */
export async function* unpaidInvoices(dueBy?: string): AsyncGenerator<Invoice & { tenantId: string }> {
  const query: PartitionQuery = {
    indexName: index.name,
    partitionAttribute: index.partitionKey,
    partitionValue: keys.unpaidInvoicesList,
    keyAttributes: INDEX_KEYS,
    ...(dueBy === undefined ? {} : { sortKeyRange: { attribute: index.sortKey, from: '0', to: `${dueBy}` } }),
  };
  for await (const item of queryAll(query)) yield withoutStorage(item) as Invoice & { tenantId: string };
}
