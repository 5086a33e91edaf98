import { describe, expect, it } from 'vitest';
import type { Stage } from '../../shared/config/stage.ts';
import { HTTP_FUNCTIONS } from '../../shared/http/route-definition.ts';
import { JOBS } from '../../shared/jobs/jobs.ts';
import { referenced, resourcesOf, synth } from './synth.ts';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** Who may do what with the exports (NEEDS and JOB_NEEDS): nobody else touches the bucket. */
const EXPECTED: Record<string, string[]> = {
  'tenant-exports': ['s3:GetObject'],
  'export-links': ['s3:GetObject'],
  subjects: ['s3:DeleteObject', 's3:ListBucket'],
  'erasure-completion': ['s3:DeleteObject', 's3:ListBucket'],
  'tenant-deletion': ['s3:DeleteObject', 's3:ListBucket'],
  purge: ['s3:DeleteObject', 's3:ListBucket'],
  exports: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:ListBucket', 's3:PutObject'],
  // An access request writes the subject's export; an erasure request deletes the subject's exports.
  'privacy-requests': ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:ListBucket', 's3:PutObject'],
};

describe.each<Stage>(['dev', 'prod'])('the export bucket in %s', (stage) => {
  const { template } = synth({ stage });
  const buckets = resourcesOf(template, 'AWS::S3::Bucket');
  const [bucketId] = Object.keys(buckets);
  const bucket = buckets[bucketId!]!;

  it('EXP-1 is the one bucket of the stack', () => {
    expect(Object.keys(buckets)).toHaveLength(1);
  });

  it('SEC-2 encrypts with a customer-managed KMS key that rotates (SSE-KMS, bucket key)', () => {
    const rule = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(rule.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(rule.BucketKeyEnabled).toBe(true);
    const keyId = referenced(rule.ServerSideEncryptionByDefault.KMSMasterKeyID);
    expect(resourcesOf(template, 'AWS::KMS::Key')[keyId]!.Properties.EnableKeyRotation).toBe(true);
  });

  it('EXP-1 blocks every kind of public access and owns its objects (no ACLs)', () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  it('SEC-2 refuses every request without TLS (and below TLS 1.2) in its bucket policy', () => {
    const [policy] = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy')).filter((p) => referenced(p.Properties.Bucket) === bucketId);
    const statements = policy!.Properties.PolicyDocument.Statement as (Statement & { Principal: unknown })[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }));
  });

  it('EXP-2 expires every object after 7 days and aborts multipart uploads after 1, and keeps no old versions', () => {
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 7, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    ]);
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
  });

  describe('grants', () => {
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy'));
    const byDescription = (description: string) => Object.keys(functions).find((id) => functions[id]!.Properties.Description === description)!;
    const names: Record<string, string> = Object.fromEntries([
      ...HTTP_FUNCTIONS.map((name) => [byDescription(`HTTP routes of ${name}`), name]),
      ...JOBS.map((job) => [byDescription(job.description), job.name]),
    ]);
    const statementsOf = (fnId: string): Statement[] => {
      const role = referenced(functions[fnId]!.Properties.Role);
      return policies.filter((p) => p.Properties.Roles.some((r: unknown) => referenced(r) === role)).flatMap((p) => p.Properties.PolicyDocument.Statement);
    };
    const s3Actions = (fnId: string) => [...new Set(statementsOf(fnId).flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('s3:')))].sort();

    it('EXP-1 DSR-6 lets exactly the functions that need it use the bucket, each only as it needs', () => {
      const granted = Object.fromEntries(Object.keys(functions).map((id) => [names[id] ?? id, s3Actions(id)] as const).filter(([, actions]) => actions.length > 0));
      expect(granted).toEqual(EXPECTED);
    });

    it('EXP-1 names the exports’ prefix of this bucket only, and lists only that prefix', () => {
      for (const id of Object.keys(functions)) {
        for (const statement of statementsOf(id).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')))) {
          const resource = JSON.stringify(statement.Resource);
          expect(resource, names[id]).toContain(bucketId);
          if ([statement.Action].flat().includes('s3:ListBucket')) expect(statement.Condition).toEqual({ StringLike: { 's3:prefix': 'tenants/*' } });
          else expect(resource, names[id]).toContain('/tenants/*');
        }
      }
    });

    it('EXP-1 tells the functions with a grant, and only them, the bucket’s name', () => {
      for (const [id, fn] of Object.entries(functions)) {
        const variable = fn.Properties.Environment.Variables.EXPORT_BUCKET;
        expect(variable, names[id]).toEqual(s3Actions(id).length > 0 ? { Ref: bucketId } : undefined);
      }
    });
  });
});
