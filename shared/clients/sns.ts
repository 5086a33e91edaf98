import type { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { runtime } from '../config/runtime.ts';
import { CLIENT_BUDGETS, clientConfig } from './endpoint.ts';

/** A message for the notice topic: subscribers get the subject, body and the attributes. */
export interface TopicMessage {
  subject: string;
  body: string;
  attributes: Record<string, string>;
}

/** The interface behind which the real SNS and the local adapter sit. */
export interface TopicPublisher {
  publish(message: TopicMessage): Promise<{ messageId: string }>;
  /** A text message to a phone (E.164), for contacts with a phone number configured (BRE-2). */
  sendSms(phoneNumber: string, text: string): Promise<{ messageId: string }>;
}

let api: Promise<{ client: SNSClient; Publish: typeof PublishCommand }> | undefined;

/** Loaded on first use: only notices publish, and the client would slow every cold start. */
function snsApi(): Promise<{ client: SNSClient; Publish: typeof PublishCommand }> {
  api ??= import('@aws-sdk/client-sns').then((m) => ({ client: new m.SNSClient(clientConfig(undefined, CLIENT_BUDGETS.sns)), Publish: m.PublishCommand }));
  return api;
}

const snsPublisher: TopicPublisher = {
  async publish(message) {
    const topicArn = runtime.noticeTopicArn;
    if (topicArn === undefined) throw new Error('NOTICE_TOPIC_ARN is not set');
    const { client, Publish } = await snsApi();
    const { MessageId } = await client.send(
      new Publish({
        TopicArn: topicArn,
        Subject: message.subject,
        Message: message.body,
        MessageAttributes: Object.fromEntries(
          Object.entries(message.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
        ),
      }),
    );
    return { messageId: MessageId ?? '' };
  },
  async sendSms(phoneNumber, text) {
    const { client, Publish } = await snsApi();
    const { MessageId } = await client.send(
      new Publish({
        PhoneNumber: phoneNumber,
        Message: text,
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );
    return { messageId: MessageId ?? '' };
  },
};

let active: TopicPublisher = snsPublisher;

/** The local platform installs its adapter here; in Lambda the real SNS publisher stays. */
export function useTopicPublisher(publisher: TopicPublisher): void {
  active = publisher;
}

export function noticeTopic(): TopicPublisher {
  return active;
}
