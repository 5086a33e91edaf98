import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { privacyRequestLifecycleDocument } from '../../scripts/privacy-request-lifecycle-doc.ts';

describe('docs/privacy-request-lifecycle.md', () => {
  it('DSR-1 DSR-2 is generated from the lifecycle table and the deadline rules: run `npm run docs` when this fails', () => {
    expect(readFileSync(new URL('../../docs/privacy-request-lifecycle.md', import.meta.url), 'utf8')).toBe(privacyRequestLifecycleDocument());
  });
});
