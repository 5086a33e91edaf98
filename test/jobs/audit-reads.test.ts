import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/api-server.ts';
import { handler } from '../../functions/events/audit-reads.ts';
import { allItems, newTenantWithKey, useApi } from '../support/api.ts';

const ctx = useApi();

function sqsEvent(records: { messageId: string; body: string }[]): SQSEvent {
  return { Records: records } as unknown as SQSEvent;
}

describe('audit-reads consumer', () => {
  it('AUD-1 SEC-5 writes each queued read once, even when the message is sent or delivered twice', async () => {
    const { tenantId } = await newTenantWithKey(ctx.api);
    const body = JSON.stringify({
      id: '01m81zrxcza7f1b6swr9dfc11c',
      tenantId,
      events: [
        { actor: 'key:k', action: 'read', entity: 'subject', entityId: 'a', fields: ['category'], at: '2026-11-22T10:00:00.000Z' },
        { actor: 'key:k', action: 'read', entity: 'subject', entityId: 'b', fields: ['category'], at: '2026-11-22T10:00:00.000Z' },
      ],
    });
    const reads = async () => (await allItems()).filter((i) => i.type === 'audit' && i.action === 'read' && String(i.pk).startsWith(`T#${tenantId}#`));
    // The second SQS message id stands for a SendMessage the SDK retried after a lost reply.
    for (const messageId of ['m-1', 'm-1', 'm-2']) {
      const result = await handler(sqsEvent([{ messageId, body }]), lambdaContext('audit-reads'));
      expect(result.batchItemFailures).toEqual([]);
    }
    expect((await reads()).map((r) => r.entityId).sort()).toEqual(['a', 'b']);
  });

  it('reports a message it cannot write as failed, so SQS retries it and then dead-letters it', async () => {
    const result = await handler(sqsEvent([{ messageId: 'bad', body: '{"tenantId":"NOT A TENANT","events":[]}' }]), lambdaContext('audit-reads'));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
  });
});
