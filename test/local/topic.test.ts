import { describe, expect, it } from 'vitest';
import { noticeTopic, useTopicPublisher } from '../../shared/clients/sns.ts';
import { LocalTopic } from '../../local/sns.ts';
import type { RecordedMessage } from '../../local/sns.ts';

describe('local notice topic', () => {
  it('records every message and delivers it to each subscriber, behind the SNS publisher interface', async () => {
    const topic = new LocalTopic();
    const delivered: RecordedMessage[][] = [[], []];
    topic.subscribe(async (m) => void delivered[0]!.push(m));
    topic.subscribe(async (m) => void delivered[1]!.push(m));
    useTopicPublisher(topic);

    const { messageId } = await noticeTopic().publish({ subject: 'Maintenance', body: 'Tonight', attributes: { kind: 'maintenance' } });
    expect(messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(topic.messages).toEqual([expect.objectContaining({ messageId, subject: 'Maintenance', attributes: { kind: 'maintenance' } })]);
    expect(delivered[0]).toEqual(topic.messages);
    expect(delivered[1]).toEqual(topic.messages);
  });
});
