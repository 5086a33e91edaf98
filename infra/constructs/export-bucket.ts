import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Stage, StageConfig } from '../../shared/config/stage.ts';
import type { CompliantFunction } from './compliant-function.ts';
import { acknowledgeControls } from './control-packs.ts';

/**
 * What a function may do with the exports: `download` presigns GETs (a presigned URL acts with
 * the signer's rights, so it needs read and decrypt itself); `write` produces, lists and deletes
 * them; `delete` lists and deletes them (erasure, tenant deletion).
 */
export type ExportAccess = 'download' | 'write' | 'delete';

const ACCESS: Record<ExportAccess, { objects: string[]; list: boolean; key: string[] }> = {
  download: { objects: ['s3:GetObject'], list: false, key: ['kms:Decrypt'] },
  // Multipart uploads are PutObject calls; SSE-KMS parts need a data key and its decryption.
  write: { objects: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'], list: true, key: ['kms:GenerateDataKey', 'kms:Decrypt'] },
  delete: { objects: ['s3:DeleteObject'], list: true, key: [] },
};

/** obligation: EXP-2 — objects expire seven days after they are written (the `exports` job deletes them on time; this is the backstop). */
export const EXPORT_OBJECT_DAYS = 7;

/** Every key starts here (shared/services/exports/objects.ts): grants name this prefix, not the whole bucket. */
const PREFIX = 'tenants/';

/** Properties of the {@link ExportBucket}. */
export interface ExportBucketProps {
  /** The stage, named in the key's description. */
  readonly stage: Stage;
  /** The stage's configuration: exports never outlive a stack, whatever the stage. */
  readonly config: StageConfig;
}

/**
 * obligation: EXP-1, EXP-2, SEC-1, SEC-2 — the export bucket, in the stack's (EU) region, with
 * nothing compliance depends on left to a caller: a customer-managed rotating KMS key (SSE-KMS,
 * bucket key on), all public access blocked, TLS only, objects owned by the bucket owner (no
 * ACLs), and a lifecycle that deletes every object seven days after it was written and aborts
 * multipart uploads a crashed run left. No versioning: a deleted export (expiry, erasure, tenant
 * deletion) must be gone, not kept as a noncurrent version.
 */
export class ExportBucket extends Construct {
  readonly bucket: Bucket;
  /** The customer-managed key the objects are encrypted with. */
  readonly key: Key;

  constructor(scope: Construct, id: string, props: ExportBucketProps) {
    super(scope, id);
    // obligation: SEC-2 — at rest under a customer-managed key that rotates yearly.
    this.key = new Key(this, 'Key', {
      description: `Skrbnik ${props.stage} export bucket encryption`,
      enableKeyRotation: true,
      removalPolicy: props.config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true, // obligation: SEC-2 — a bucket policy denies every request without TLS
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      lifecycleRules: [
        {
          id: 'exports-expire',
          expiration: Duration.days(EXPORT_OBJECT_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Exports live seven days at most: nothing in the bucket is worth keeping past the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'No server access logs: they would copy every object key (tenant and subject ids) and requester address into a ' +
        'second bucket kept longer than the exports themselves. Every download is recorded where it belongs: the ' +
        'disclosure log and the audit trail of the tenant (AUD-1, AUD-3), written before the link is handed out.',
    });
    // obligation: AUD-1, AUD-3, SEC-6 — decided against CloudTrail data events for this bucket as
    // against access logs (docs/operations.md, audit trail).
    acknowledgeControls(
      this.bucket,
      'S3BucketLoggingEnabled',
      'No server access logs (nor CloudTrail data events): both would copy every object key (tenant and subject ids) and ' +
        "the downloader's IP address into logs kept longer than the exports. Every download link is recorded in the " +
        "tenant's disclosure log and audit trail (AUD-1, AUD-3) before it is handed out.",
    );
    acknowledgeControls(
      this.bucket,
      'S3BucketVersioningEnabled',
      'Unversioned on purpose: a deleted export (expiry after seven days, an erasure, a tenant deletion) must be gone, ' +
        'not kept as a noncurrent version (EXP-2, DSR-6).',
    );
    acknowledgeControls(
      this.bucket,
      'S3BucketReplicationEnabled',
      'Not replicated: exports are short-lived copies that the exports job rebuilds from the table on request, and a ' +
        'replica would be a second copy outside the stage that erasure and expiry would have to chase (EXP-2, SEC-1).',
    );
  }

  /**
   * Lets `fn` use the exports as `access` allows — object actions under the exports' prefix only,
   * listing only that prefix, and the matching use of the key — and tells it the bucket's name
   * (EXPORT_BUCKET).
   */
  grantAccess(fn: CompliantFunction, access: ExportAccess): void {
    const { objects, list, key } = ACCESS[access];
    fn.addToRolePolicy(new PolicyStatement({ actions: objects, resources: [this.bucket.arnForObjects(`${PREFIX}*`)] }));
    if (list) {
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': `${PREFIX}*` } } }),
      );
    }
    if (key.length > 0) this.key.grant(fn, ...key);
    fn.addEnvironment('EXPORT_BUCKET', this.bucket.bucketName);
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/${PREFIX}*]`,
      reason:
        'Export objects are named per tenant, subject and export at run time; the grant covers the exports’ prefix of ' +
        'this one bucket and no other object.',
    });
  }
}
