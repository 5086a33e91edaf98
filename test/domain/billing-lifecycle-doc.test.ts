import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { billingLifecycleDocument } from '../../scripts/billing-lifecycle-doc.ts';

describe('docs/billing-lifecycle.md', () => {
  it('DUN-1 DUN-2 is generated from the lifecycle table and the cadence: run `npm run docs` when this fails', () => {
    expect(readFileSync(new URL('../../docs/billing-lifecycle.md', import.meta.url), 'utf8')).toBe(billingLifecycleDocument());
  });
});
