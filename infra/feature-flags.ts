/**
 * The CDK feature flags this app relies on, fixed here rather than taken from a CDK release's
 * "recommended" set, so that upgrading aws-cdk-lib never silently changes deployed resources.
 * `buildApp` passes them as context defaults; `cdk.json` or `-c` can still override one.
 */
export const FEATURE_FLAGS = {
  // One policy statement per action set instead of one per grant: smaller, readable roles.
  '@aws-cdk/aws-iam:minimizePolicies': true,
  // `arn:aws:` literals instead of `${AWS::Partition}`: the stack's region fixes the partition.
  '@aws-cdk/core:enablePartitionLiterals': true,
  // A changed authorizer gets a new deployment; otherwise the stage keeps serving the old one.
  '@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId': true,
  '@aws-cdk/aws-apigateway:requestValidatorUniqueId': true,
  // The access-log destination as API Gateway stores it, so drift detection stays IN_SYNC.
  '@aws-cdk/aws-apigateway:logGroupDestinationArnWithoutWildcard': true,
  // CloudFormation's own template checks fail synthesis instead of printing warnings.
  '@aws-cdk/core:validateAgainstDefaultRules': true,
} as const;
