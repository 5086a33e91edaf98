/**
 * The regions Skrbnik may run and store data in.
 *
 * obligation: SEC-1 — everything runs and is stored in one EU region. The type admits AWS regions
 * located in EU member states only; London (eu-west-2) and Zurich (eu-central-2) carry an `eu-`
 * prefix but are outside the EU, so a prefix test would be wrong.
 */
export const EU_REGIONS = [
  'eu-central-1', // Frankfurt, Germany
  'eu-west-1', // Dublin, Ireland
  'eu-west-3', // Paris, France
  'eu-south-1', // Milan, Italy
  'eu-south-2', // Aragón, Spain
  'eu-north-1', // Stockholm, Sweden
] as const;

export type EuRegion = (typeof EU_REGIONS)[number];

export const DEFAULT_REGION: EuRegion = 'eu-central-1';

export function isEuRegion(region: string): region is EuRegion {
  return (EU_REGIONS as readonly string[]).includes(region);
}

/** Throws a message that says why, so `cdk synth` fails before anything reaches a non-EU region. */
export function assertEuRegion(region: string | undefined): EuRegion {
  if (region !== undefined && isEuRegion(region)) return region;
  throw new Error(
    `Region "${region ?? '(none)'}" is not allowed: Skrbnik keeps personal data only in an EU region ` +
      `(obligation SEC-1). Choose one of: ${EU_REGIONS.join(', ')}.`,
  );
}
