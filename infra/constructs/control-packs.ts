import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The cdk-nag control packs beside AwsSolutions and Serverless: NIST 800-53 rev 5 and HIPAA
 * Security (test/infra/nag.test.ts). Both name most of their rules alike after a prefix of their
 * own (`NIST.800.53.R5-LambdaDLQ`, `HIPAA.Security-LambdaDLQ`).
 */
export const CONTROL_PACK_PREFIXES = ['NIST.800.53.R5', 'HIPAA.Security'] as const;
export type ControlPack = (typeof CONTROL_PACK_PREFIXES)[number];

/**
 * Acknowledges the control packs' rule `rule` on `scope` and everything beneath it, with one
 * reason for both: the reason is the same whichever catalogue of controls names the rule.
 *
 * @param packs the packs that have the rule (some exist in one only)
 */
export function acknowledgeControls(
  scope: IConstruct,
  rule: string,
  reason: string,
  packs: readonly ControlPack[] = CONTROL_PACK_PREFIXES,
): void {
  Validations.of(scope).acknowledge(...packs.map((pack) => ({ id: `${pack}-${rule}`, reason })));
}
