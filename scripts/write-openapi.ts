import { writeFileSync } from 'node:fs';
import pkg from '../package.json' with { type: 'json' };
import { openApiDocument } from '../shared/http/openapi.ts';

/** Regenerates the checked-in OpenAPI document: `npm run openapi`. */
writeFileSync(new URL('../docs/openapi.json', import.meta.url), `${JSON.stringify(openApiDocument(pkg.version), null, 2)}\n`);
console.log('wrote docs/openapi.json');
