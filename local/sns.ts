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
  /** Text messages SNS would have sent to phones. */
  readonly sms: { messageId: string; phoneNumber: string; text: string; sentAt: string }[] = [];
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

  async sendSms(phoneNumber: string, text: string): Promise<{ messageId: string }> {
    const sent = { messageId: randomUUID(), phoneNumber, text, sentAt: new Date().toISOString() };
    this.sms.push(sent);
    return { messageId: sent.messageId };
  }
}
