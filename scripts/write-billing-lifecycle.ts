import { writeFileSync } from 'node:fs';
import { billingLifecycleDocument } from './billing-lifecycle-doc.ts';

writeFileSync(new URL('../docs/billing-lifecycle.md', import.meta.url), billingLifecycleDocument());
console.log('wrote docs/billing-lifecycle.md');
