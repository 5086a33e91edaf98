import { describe, expect, it } from 'vitest';
import type { Stage } from '../../shared/config/stage.ts';
import { JOBS } from '../../shared/jobs/jobs.ts';
import { reachableStatements, referenced, resourcesOf, synth } from './synth.ts';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown };

const dev = synth({ stage: 'dev' });
const prod = synth({ stage: 'prod' });
const { template } = prod;
const functions = resourcesOf(template, 'AWS::Lambda::Function');
const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy'));
const keys = resourcesOf(template, 'AWS::KMS::Key');
const queues = resourcesOf(template, 'AWS::SQS::Queue');

const actions = (s: Statement) => [s.Action].flat();

function functionId(description: string): string {
  const found = Object.entries(functions).filter(([, f]) => f.Properties.Description === description);
  expect(found, description).toHaveLength(1);
  return found[0]![0];
}

const httpFunction = (name: string) => functionId(`HTTP routes of ${name}`);
const CONSUMER = functionId('Writes queued read audits to the audit trail (AUD-1, TEN-4)');

function roleOf(fnId: string): string {
  return referenced(functions[fnId]!.Properties.Role);
}

function statementsOf(fnId: string): Statement[] {
  const role = roleOf(fnId);
  return policies
    .filter((p) => p.Properties.Roles.some((r: unknown) => referenced(r) === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

/** The role whose IAM policy grants `action` on the resource `id` refers to. */
function rolesGranting(action: string, id: string): string[] {
  return policies
    .filter((p) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).some(
        (s) => s.Effect === 'Allow' && actions(s).includes(action) && JSON.stringify(s.Resource).includes(`"${id}"`),
      ),
    )
    .flatMap((p) => p.Properties.Roles.map(referenced));
}

function environmentOf(fnId: string): Record<string, unknown> {
  return functions[fnId]!.Properties.Environment.Variables;
}

/** The functions that have an environment variable. */
function functionsWith(variable: string): string[] {
  return Object.keys(functions).filter((id) => environmentOf(id)[variable] !== undefined);
}

function expectRotatingKey(keyRef: unknown) {
  const key = keys[referenced(keyRef)];
  expect(key?.Properties.EnableKeyRotation).toBe(true);
}

function expectTlsOnly(queueId: string) {
  const policy = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy')).find((p) =>
    p.Properties.Queues.some((q: unknown) => referenced(q) === queueId),
  );
  expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
    expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
  );
}

/**
 * The deployment's two generated secrets. The blind-index secret: the subjects function computes
 * lookups and credential hashes (DAT-9); the breach-communications and assistance functions check
 * texts against lookups (BRE-5, DSR-11); the consent functions remember the confirmed address by
 * it (CON-1); privacy requests and the intake find the same requester by the address's blind index
 * (DSR-4, DSR-8); the purge recomputes lookups when a removed set held an e-mail or tax number
 * (RET-2). The link-signing secret: the functions that sign or check public links (CON-1, DSR-5,
 * DSR-8), and no other: a function that computes lookups cannot forge a link (TEN-3).
 */
const purgeJob = functionId(JOBS.find((j) => j.name === 'purge')!.description);
const SECRETS = [
  {
    name: 'blind-index',
    prefix: 'BlindIndexSecret',
    variable: 'BLIND_INDEX_SECRET_ARN',
    readers: [httpFunction('subjects'), httpFunction('tenant-breach-communications'), httpFunction('consents'), httpFunction('assistance-requests'), httpFunction('privacy-requests'), httpFunction('privacy-request-intake'), purgeJob].sort(),
  },
  {
    name: 'link-signing',
    prefix: 'LinkSigningSecret',
    variable: 'LINK_SIGNING_SECRET_ARN',
    readers: [httpFunction('consents'), httpFunction('consent-links'), httpFunction('export-links'), httpFunction('privacy-requests'), httpFunction('privacy-request-intake')].sort(),
  },
  {
    // The e-mail suppression list's key: every notice sender checks the list, the bounce handler writes it (docs/email.md).
    name: 'suppression-index',
    prefix: 'NoticesSendingSuppressionIndexSecret',
    variable: 'SUPPRESSION_INDEX_SECRET_ARN',
    readers: [...functionsWith('SENDER_ADDRESS'), functionId('Records the addresses that SES bounces and complaints suppress (SEC-5)')].sort(),
  },
];

it('DAT-6 CON-1 there are exactly three secrets, one per purpose', () => {
  expect(Object.keys(resourcesOf(template, 'AWS::SecretsManager::Secret')).map((id) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(SECRETS.map((x) => x.prefix).sort());
});

it('TEN-3 the functions that compute lookups cannot sign links: the subjects, breach-communications and assistance functions and the purge read the blind-index secret alone', () => {
  const [blind, link] = SECRETS;
  const lookupsOnly = blind!.readers.filter((fn) => !link!.readers.includes(fn));
  expect(lookupsOnly.sort()).toEqual([httpFunction('subjects'), httpFunction('tenant-breach-communications'), httpFunction('assistance-requests'), purgeJob].sort());
});

describe.each(SECRETS)('the $name secret', ({ name, prefix, variable, readers }) => {
  const [secretId, secret] = Object.entries(resourcesOf(template, 'AWS::SecretsManager::Secret')).find(([id]) => id.startsWith(prefix))!;

  it('DAT-6 is generated by Secrets Manager: 64 characters, no punctuation or spaces', () => {
    expect(secret.Properties.GenerateSecretString).toEqual({
      PasswordLength: 64,
      ExcludePunctuation: true,
      IncludeSpace: false,
      RequireEachIncludedType: true,
    });
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  it('DAT-6 SEC-2 is encrypted with a customer-managed key that rotates', () => {
    expectRotatingKey(secret.Properties.KmsKeyId);
  });

  it.each<[Stage, typeof dev, string]>([
    ['prod', prod, 'Retain'],
    ['dev', dev, 'Delete'],
  ])('DAT-6 in %s: the secret and its key are kept on stack deletion only in prod', (_stage, { template: t }, policy) => {
    const [, s] = Object.entries(resourcesOf(t, 'AWS::SecretsManager::Secret')).find(([id]) => id.startsWith(prefix))!;
    expect(s.DeletionPolicy).toBe(policy);
    expect(resourcesOf(t, 'AWS::KMS::Key')[referenced(s.Properties.KmsKeyId)]?.DeletionPolicy).toBe(policy);
  });

  it(`DAT-6 CON-1 TEN-3 may be read by exactly the functions that use the ${name} key`, () => {
    expect([...rolesGranting('secretsmanager:GetSecretValue', secretId)].sort()).toEqual(readers.map(roleOf).sort());
    expect([...functionsWith(variable)].sort()).toEqual(readers);
    for (const fn of readers) expect(environmentOf(fn)[variable]).toEqual({ Ref: secretId });
  });

  it("DAT-6 lets only those functions decrypt with the secret's key, and only through Secrets Manager", () => {
    const keyPolicy = keys[referenced(secret.Properties.KmsKeyId)]!.Properties.KeyPolicy.Statement as Statement[];
    const roleGrants = keyPolicy.filter((s) => JSON.stringify(s.Principal).includes('Fn::GetAtt'));
    expect(roleGrants).toEqual([
      expect.objectContaining({
        Action: 'kms:Decrypt',
        Principal: { AWS: expect.any(Array) },
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-central-1.amazonaws.com' } },
      }),
    ]);
    const principals = (roleGrants[0]!.Principal as { AWS: { 'Fn::GetAtt': [string, string] }[] }).AWS;
    expect(principals.map((p) => p['Fn::GetAtt'][0]).sort()).toEqual(readers.map(roleOf).sort());
    // No role's own policy names the key: the key policy above is the only grant.
    const keyId = referenced(secret.Properties.KmsKeyId);
    expect(policies.filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes(`"${keyId}"`))).toEqual([]);
  });
});

describe('the read-audit queue', () => {
  const [queueId, queue] = Object.entries(queues).find(([, q]) => q.Properties.RedrivePolicy?.maxReceiveCount !== undefined)!;
  const deadLetterId = referenced(queue.Properties.RedrivePolicy.deadLetterTargetArn);
  const deadLetters = queues[deadLetterId]!;

  it('AUD-1 SEC-2 encrypts the queue and its dead-letter queue with a rotating customer-managed key', () => {
    expectRotatingKey(queue.Properties.KmsMasterKeyId);
    expect(deadLetters.Properties.KmsMasterKeyId).toEqual(queue.Properties.KmsMasterKeyId);
    expect(queue.Properties.SqsManagedSseEnabled).toBeUndefined();
  });

  it('AUD-1 SEC-2 refuses plain HTTP to both queues', () => {
    expectTlsOnly(queueId);
    expectTlsOnly(deadLetterId);
  });

  it('AUD-1 SEC-5 dead-letters a message after 5 receives and keeps both queues 14 days, so no audit entry is lost', () => {
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
    // A standard queue keeps the first enqueue time on dead-lettering: the DLQ must keep at least as long.
    expect(deadLetters.Properties.MessageRetentionPeriod).toBeGreaterThanOrEqual(queue.Properties.MessageRetentionPeriod);
  });

  it('AUD-1 keeps the queues and their key on stack deletion in prod', () => {
    expect(queue.DeletionPolicy).toBe('Retain');
    expect(deadLetters.DeletionPolicy).toBe('Retain');
    expect(keys[referenced(queue.Properties.KmsMasterKeyId)]?.DeletionPolicy).toBe('Retain');
  });

  it('AUD-1 subscribes the consumer with partial batch responses, 10 messages at a time', () => {
    const mappings = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: CONSUMER },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it("AUD-1 hides a batch for six times the consumer's timeout, so a slow batch is not delivered twice at once", () => {
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * functions[CONSUMER]!.Properties.Timeout);
  });

  it('AUD-1 lets the consumer receive and delete messages and write the table', () => {
    const granted = statementsOf(CONSUMER).flatMap(actions);
    expect(granted).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'dynamodb:BatchWriteItem', 'dynamodb:PutItem']));
    expect(granted).not.toContain('sqs:SendMessage');
    expect(environmentOf(CONSUMER).TABLE_NAME).toEqual({ Ref: expect.any(String) });
  });

  it('AUD-1 TEN-4 lets exactly the functions that queue read audits send to it', () => {
    const senders = [
      httpFunction('subjects'),
      httpFunction('time-entries'),
      httpFunction('operator-tenants'),
      httpFunction('tenant-profile'),
      httpFunction('consents'),
      httpFunction('disclosures'),
      httpFunction('privacy-requests'),
    ];
    expect(functionsWith('AUDIT_QUEUE_URL').sort()).toEqual([...senders].sort());
    expect(rolesGranting('sqs:SendMessage', queueId).sort()).toEqual(senders.map(roleOf).sort());
    for (const id of senders) {
      expect(environmentOf(id).AUDIT_QUEUE_URL, id).toEqual({ Ref: queueId });
      // The two key actions SQS needs to encrypt a sent message, and no wildcard (IAM merges the
      // same actions on other keys, such as the notice topic's, into one statement).
      const onQueueKey = statementsOf(id).filter((s) => [s.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(queue.Properties.KmsMasterKeyId)));
      expect(onQueueKey.map((s) => s.Action), id).toEqual([['kms:Decrypt', 'kms:GenerateDataKey']]);
    }
  });
});

describe('the personal-data HTTP functions', () => {
  const WRITES = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/;

  it.each(['subjects', 'time-entries'])('AUD-1 TEN-3 %s may read and write the tenant\'s partitions (changes commit with their audit entries)', (name) => {
    const id = httpFunction(name);
    const granted = reachableStatements(template, id).flatMap(actions);
    expect(granted).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(environmentOf(id).TABLE_NAME).toEqual({ Ref: expect.any(String) });
  });

  it('AUD-1 TEN-3 audit-trail may only read the tenant\'s partitions', () => {
    const id = httpFunction('audit-trail');
    const granted = reachableStatements(template, id).flatMap(actions);
    expect(granted).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(granted.filter((a) => WRITES.test(a))).toEqual([]);
    expect(granted.filter((a) => a.startsWith('sqs:') || a.startsWith('secretsmanager:'))).toEqual([]);
  });

  it('TEN-4 operator-tenants queues the audits of its reads and cannot read the blind-index secret', () => {
    const granted = statementsOf(httpFunction('operator-tenants')).flatMap(actions);
    expect(granted).toContain('sqs:SendMessage');
    expect(granted.filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
  });
});
