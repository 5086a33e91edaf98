import { writeFileSync } from 'node:fs';
import { privacyRequestLifecycleDocument } from './privacy-request-lifecycle-doc.ts';

writeFileSync(new URL('../docs/privacy-request-lifecycle.md', import.meta.url), privacyRequestLifecycleDocument());
console.log('wrote docs/privacy-request-lifecycle.md');
