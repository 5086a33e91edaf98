import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { useAuditQueue } from '../shared/clients/audit-queue.ts';
import type { AuditQueue, ReadAuditMessage } from '../shared/clients/audit-queue.ts';
import { lambdaContext } from './api-server.ts';
import { invoke } from './invocation.ts';

type Consumer = (event: SQSEvent, context: ReturnType<typeof lambdaContext>) => Promise<SQSBatchResponse>;

/**
 * The local read-audit queue: like SQS, it accepts a message at once and delivers it to the
 * same consumer function a moment later, redelivering what the consumer reports as failed.
 */
export class LocalAuditQueue implements AuditQueue {
  private readonly inFlight = new Set<Promise<void>>();
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;

  constructor(private readonly consumer: Consumer) {}

  async send(message: ReadAuditMessage): Promise<void> {
    const delivery = this.deliver(randomUUID(), JSON.stringify(message), 1);
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  /** Holds deliveries back until `resume()`, so a measurement can tell the two paths apart. */
  pause(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  resume(): void {
    this.open();
  }

  /** Resolves once every message sent so far has been consumed. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async deliver(messageId: string, body: string, attempt: number): Promise<void> {
    await new Promise((r) => setImmediate(r));
    await this.gate;
    const event = { Records: [{ messageId, body, attributes: { ApproximateReceiveCount: String(attempt) } }] } as unknown as SQSEvent;
    const context = lambdaContext('audit-reads');
    const result = await invoke(context, () => this.consumer(event, context)).catch(() => ({ batchItemFailures: [{ itemIdentifier: messageId }] }));
    if (result.batchItemFailures.length > 0 && attempt < 5) await this.deliver(messageId, body, attempt + 1);
  }
}

/** Installs a local queue in front of the deployed consumer module. */
export async function installLocalAuditQueue(): Promise<LocalAuditQueue> {
  const { handler } = (await import('../functions/events/audit-reads.ts')) as { handler: Consumer };
  const queue = new LocalAuditQueue(handler);
  useAuditQueue(queue);
  return queue;
}
