import { describe, expect, it } from 'vitest';
import { EU_REGIONS } from '../../shared/config/region.ts';
import { build } from './synth.ts';

const SEC_1_MESSAGE = /is not allowed: Skrbnik keeps personal data only in an EU region \(obligation SEC-1\)/;

describe('region guard', () => {
  it.each(EU_REGIONS)('SEC-1 builds the stack in the EU region %s', (region) => {
    const { stack } = build({ region });
    expect(stack.region).toBe(region);
  });

  it.each([
    ['us-east-1', 'outside Europe'],
    ['eu-west-2', 'London, outside the EU'],
    ['eu-central-2', 'Zurich, outside the EU'],
  ])('SEC-1 refuses a non-EU region: %s (%s)', (region) => {
    expect(() => build({ region })).toThrow(SEC_1_MESSAGE);
  });

  it('SEC-1 refuses a non-EU region given as SKRBNIK_REGION', () => {
    expect(() => build({}, { SKRBNIK_REGION: 'us-west-2' })).toThrow(SEC_1_MESSAGE);
  });

  it('SEC-1 pins the stack to eu-central-1 unless told otherwise', () => {
    expect(build().stack.region).toBe('eu-central-1');
  });

  it('SEC-1 lets the -c context win over SKRBNIK_REGION', () => {
    expect(build({ region: 'eu-north-1' }, { SKRBNIK_REGION: 'eu-west-1' }).stack.region).toBe('eu-north-1');
  });
});
