import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Platform } from '../local/platform.ts';
import { runJob } from '../local/scheduler.ts';
import { CURRENT_TERMS_VERSION } from '../shared/config/terms.ts';
import { firstDayOf, monthOf, nextMonth, startOfDay } from '../shared/domain/billing/calendar.ts';
import { keys } from '../shared/store/keys.ts';
import { httpClient } from './http-client.ts';
import { countRequests } from './request-counter.ts';

export interface InvoicingFigures {
  tenants: number;
  invoices: number;
  ms: number;
  invoicesPerSecond: number;
  requestsPerTenant: number;
  emailsSent: number;
}

/**
 * The invoicing run for many tenants: each has a monthly plan from next month and a peak of end
 * users this month; the run at next month's start issues and mails one invoice per tenant.
 */
export async function measureInvoicing(platform: Platform, operatorToken: string, tenants = 1000): Promise<InvoicingFigures> {
  const { documentClient } = await import('../shared/clients/dynamodb.ts');
  const client = httpClient(platform.api.url, 4);
  const postJson = async (path: string, body: unknown) => {
    const reply = await client.call('POST', path, { Authorization: `Bearer ${operatorToken}` }, body);
    if (reply.status >= 300) throw new Error(`Seeding failed: ${reply.status} ${reply.body}`);
    return JSON.parse(reply.body) as Record<string, unknown>;
  };
  const month = monthOf(new Date());
  const startsOn = firstDayOf(nextMonth(month));
  for (let i = 0; i < tenants; i++) {
    const tenant = await postJson('/v1/operator/tenants', {
      name: `Bench ${i} d.o.o.`,
      country: 'SI',
      language: i % 2 === 0 ? 'sl' : 'en',
      contacts: { administrator: { name: 'Bench Admin', email: `admin-${i}@bench.example` } },
      termsAcceptance: { version: CURRENT_TERMS_VERSION, accepted: true },
    });
    const tenantId = String(tenant.id);
    await postJson(`/v1/operator/tenants/${tenantId}/plan`, { interval: 'monthly', unitPriceCents: 350, currency: 'EUR', startsOn });
    // This month's meter as the subject transactions would have left it.
    const peak = 5 + (i % 50);
    await documentClient.send(
      new PutCommand({
        TableName: platform.tableName,
        Item: { ...keys.seats(tenantId), type: 'seats', active: peak - 1, month, peak, peakAt: new Date().toISOString(), updatedAt: new Date().toISOString() },
      }),
    );
  }
  const at = new Date(startOfDay(startsOn).getTime() + 30 * 60_000);
  const inboxBefore = (await (await fetch(`${platform.ses.endpoint}/store`)).json()) as { emails: unknown[] };
  const started = performance.now();
  let summary: Record<string, number> = {};
  const requests = await countRequests(async () => {
    summary = await runJob('invoicing', at);
  });
  const ms = performance.now() - started;
  client.close();
  const inboxAfter = (await (await fetch(`${platform.ses.endpoint}/store`)).json()) as { emails: unknown[] };
  const invoices = summary.invoicesIssued ?? 0;
  return {
    tenants,
    invoices,
    ms: Math.round(ms),
    invoicesPerSecond: Math.round((invoices / ms) * 1000),
    requestsPerTenant: Math.round((requests / tenants) * 100) / 100,
    emailsSent: inboxAfter.emails.length - inboxBefore.emails.length,
  };
}
