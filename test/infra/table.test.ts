import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE } from '../../shared/store/table.ts';
import { build, referenced, resourcesOf, synth } from './synth.ts';

const dev = synth({ stage: 'dev' });
const prod = synth({ stage: 'prod' });

function onlyTable(template: typeof dev.template) {
  const tables = Object.values(resourcesOf(template, 'AWS::DynamoDB::Table'));
  expect(tables).toHaveLength(1);
  return tables[0]!;
}

describe('the table', () => {
  it('has the key, index and TTL attribute of shared/store/table.ts, on demand', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: TABLE.indexes.byType.name,
          KeySchema: [
            { AttributeName: TABLE.indexes.byType.partitionKey, KeyType: 'HASH' },
            { AttributeName: TABLE.indexes.byType.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ],
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    });
  });

  it.each([dev, prod])('SEC-3 has point-in-time recovery ($stack.stackName)', ({ template }) => {
    expect(onlyTable(template).Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it.each([dev, prod])('SEC-2 is encrypted with a customer-managed KMS key that rotates ($stack.stackName)', ({ template }) => {
    const sse = onlyTable(template).Properties.SSESpecification;
    expect(sse).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    const key = resourcesOf(template, 'AWS::KMS::Key')[referenced(sse.KMSMasterKeyId)];
    expect(key?.Properties.EnableKeyRotation).toBe(true);
  });

  it('SEC-4 is protected from deletion and kept on stack deletion in prod', () => {
    const table = onlyTable(prod.template);
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
  });

  it('SEC-4 protects the prod stack from termination', () => {
    expect(prod.stack.terminationProtection).toBe(true);
    expect(dev.stack.terminationProtection).toBe(false);
  });

  it('SEC-4 is deleted with the stack in dev', () => {
    const table = onlyTable(dev.template);
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe('Delete');
  });

  it('SEC-4 gives each stage its own stack and its own table', () => {
    expect(dev.stack.stackName).toBe('Skrbnik-dev');
    expect(prod.stack.stackName).toBe('Skrbnik-prod');
    expect(onlyTable(dev.template).Properties.TableName).toBe('skrbnik-dev');
    expect(onlyTable(prod.template).Properties.TableName).toBe('skrbnik-prod');
  });

  it('SEC-4 takes the stage from SKRBNIK_STAGE when no context names one, and refuses unknown stages', () => {
    expect(build({}, { SKRBNIK_STAGE: 'prod' }).stack.stackName).toBe('Skrbnik-prod');
    expect(() => build({ stage: 'staging' })).toThrow(/Stage "staging" is unknown/);
  });
});

describe('the notice topic and dead-letter queues', () => {
  it('SEC-2 encrypts the notice topic with a rotating customer-managed key and refuses plain HTTP', () => {
    const [topic] = Object.values(resourcesOf(dev.template, 'AWS::SNS::Topic'));
    const key = resourcesOf(dev.template, 'AWS::KMS::Key')[referenced(topic!.Properties.KmsMasterKeyId)];
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    dev.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('SEC-2 encrypts every queue and refuses plain HTTP to it', () => {
    const queues = resourcesOf(dev.template, 'AWS::SQS::Queue');
    const keys = resourcesOf(dev.template, 'AWS::KMS::Key');
    expect(Object.keys(queues).length).toBeGreaterThan(0);
    for (const [id, queue] of Object.entries(queues)) {
      // Job dead-letter queues hold only job triggers (SQS-managed keys); queues of audit entries
      // use a rotating customer-managed key.
      const { SqsManagedSseEnabled, KmsMasterKeyId } = queue.Properties;
      const encrypted = SqsManagedSseEnabled === true || keys[referenced(KmsMasterKeyId)]?.Properties.EnableKeyRotation === true;
      expect(encrypted, id).toBe(true);
    }
    const policies = Object.values(resourcesOf(dev.template, 'AWS::SQS::QueuePolicy'));
    for (const id of Object.keys(queues)) {
      const policy = policies.find((p) => p.Properties.Queues.some((q: unknown) => referenced(q) === id));
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});
