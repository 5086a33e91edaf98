import { describe, expect, it } from 'vitest';
import type { Stage } from '../../shared/config/stage.ts';
import { nestedTemplates, synth } from './synth.ts';

/** CloudFormation's limit on the resources of one template (a stack, nested or not). */
const CLOUDFORMATION_RESOURCE_LIMIT = 500;
/**
 * What the stage's stack may hold: well under CloudFormation's 500, so that new functions, jobs
 * and their alarms fit. At 500 the next one breaks the deployment; the API's resources and
 * methods (infra/constructs/api-methods.ts) and the operations (infra/constructs/operations.ts)
 * are in nested stacks for this reason (docs/architecture.md, "Stacks").
 */
const STAGE_STACK_HEADROOM_LIMIT = 400;

describe.each<Stage>(['dev', 'prod'])('the %s stacks', (stage) => {
  const { stack, template } = synth({ stage });
  const nested = nestedTemplates(stack);
  const countOf = (t: typeof template) => Object.keys(t.toJSON().Resources).length;

  it(`keeps the stage's stack at ${STAGE_STACK_HEADROOM_LIMIT} resources or fewer (CloudFormation's limit: ${CLOUDFORMATION_RESOURCE_LIMIT})`, () => {
    expect(countOf(template)).toBeLessThanOrEqual(STAGE_STACK_HEADROOM_LIMIT);
  });

  it(`keeps every nested stack under CloudFormation's ${CLOUDFORMATION_RESOURCE_LIMIT} resources`, () => {
    expect(Object.keys(nested).sort()).toEqual([`${stack.node.path}/Api/Methods`, `${stack.node.path}/Operations`]);
    for (const [path, { template: t }] of Object.entries(nested)) expect(countOf(t), path).toBeLessThan(CLOUDFORMATION_RESOURCE_LIMIT);
  });

  it("never has a resource of the stage's stack read a nested stack's outputs: ids go down as parameters, so no cycle", () => {
    expect(JSON.stringify(template.toJSON().Resources)).not.toMatch(/\.Outputs\./);
    // The methods' stack gives nothing back: the deployment depends on it, and reads nothing of it.
    expect(nested[`${stack.node.path}/Api/Methods`]!.template.toJSON().Outputs ?? {}).toEqual({});
  });
});
