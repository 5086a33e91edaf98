import { randomUUID } from 'node:crypto';
import type { TopicMessage, TopicPublisher } from '../shared/clients/sns.ts';

export interface RecordedMessage extends TopicMessage {
  messageId: string;
  publishedAt: string;
}

export type TopicSubscriber = (message: RecordedMessage) => Promise<void>;

/**
 * The local notice topic: behind the same interface as the real SNS publisher, it records every
 * message and delivers it to the subscriber handlers the stack would subscribe.
 */
export class LocalTopic implements TopicPublisher {
  readonly messages: RecordedMessage[] = [];
  private readonly subscribers: TopicSubscriber[] = [];

  subscribe(subscriber: TopicSubscriber): void {
    this.subscribers.push(subscriber);
  }

  async publish(message: TopicMessage): Promise<{ messageId: string }> {
    const recorded = { ...message, messageId: randomUUID(), publishedAt: new Date().toISOString() };
    this.messages.push(recorded);
    await Promise.all(this.subscribers.map((s) => s(recorded)));
    return { messageId: recorded.messageId };
  }
}
