import { runtime } from '../config/runtime.ts';
import type { AuditEvent } from '../store/audit.ts';
import { CLIENT_BUDGETS, clientConfig } from './endpoint.ts';

/** Read audits of one request, for one tenant: one queue message. */
export interface ReadAuditMessage {
  /** Made by the sender: a message sent twice (an SDK retry) still writes each entry once. */
  id: string;
  tenantId: string;
  events: (Omit<AuditEvent, 'at'> & { at: string })[];
}

/** The interface behind which SQS and the local queue sit. */
export interface AuditQueue {
  send(message: ReadAuditMessage): Promise<void>;
}

type Sqs = typeof import('@aws-sdk/client-sqs');
let sqs: Promise<{ client: InstanceType<Sqs['SQSClient']>; Send: Sqs['SendMessageCommand'] }> | undefined;

const sqsQueue: AuditQueue = {
  async send(message) {
    sqs ??= import('@aws-sdk/client-sqs').then((m) => ({ client: new m.SQSClient(clientConfig(undefined, CLIENT_BUDGETS.sqs)), Send: m.SendMessageCommand }));
    const { client, Send } = await sqs;
    await client.send(new Send({ QueueUrl: runtime.auditQueueUrl, MessageBody: JSON.stringify(message) }));
  },
};

let active: AuditQueue = sqsQueue;

/** The local platform installs its queue here; in Lambda the SQS queue stays. */
export function useAuditQueue(queue: AuditQueue): void {
  active = queue;
}

export function auditQueue(): AuditQueue {
  return active;
}
