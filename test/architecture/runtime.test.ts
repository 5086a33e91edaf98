import { describe, expect, it } from 'vitest';
import { LAMBDA_RUNTIME } from '../../infra/bundling.ts';

describe('the runtime', () => {
  it("tests and the local platform run on the Lambda runtime's Node major, brought by npm install (the `node` package)", () => {
    const lambdaMajor = /^nodejs(\d+)\.x$/.exec(LAMBDA_RUNTIME.name)?.[1];
    expect(lambdaMajor).toBeDefined();
    expect(process.versions.node.split('.')[0]).toBe(lambdaMajor);
  });
});
