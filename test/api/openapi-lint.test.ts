import { readFileSync } from 'node:fs';
import spectralCore from '@stoplight/spectral-core';
import type { ISpectralDiagnostic } from '@stoplight/spectral-core';
import Parsers from '@stoplight/spectral-parsers';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain JavaScript ruleset, as the Spectral CLI reads it too
import ruleset from '../../.spectral.mjs';

/**
 * The OpenAPI document passes Spectral's OpenAPI rules and the OWASP API Security Top 10 2023
 * ruleset with no error (.spectral.mjs says which rules are off or narrowed, and why;
 * docs/api-lint.md). Warnings are counted, and may only go down: raise WARNINGS_AT_MOST never.
 */
const WARNINGS_AT_MOST = 234;

const { Spectral, Document } = spectralCore;

async function lint(text: string): Promise<ISpectralDiagnostic[]> {
  const spectral = new Spectral();
  spectral.setRuleset(ruleset);
  return spectral.run(new Document(text, Parsers.Json, 'docs/openapi.json'));
}

const where = (d: ISpectralDiagnostic) => `${d.code} at ${d.path.join('.')}: ${d.message}`;

describe('OpenAPI lint (spectral:oas + OWASP API Security 2023)', () => {
  it('docs/openapi.json has no error, and no more warnings than counted', { timeout: 60_000 }, async () => {
    const results = await lint(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(results.filter((r) => r.severity === 0).map(where)).toEqual([]);
    expect(results.filter((r) => r.severity === 1).length).toBeLessThanOrEqual(WARNINGS_AT_MOST);
  });

  it('still finds what its rules are for: a token in the query, an unlimited request string, a 429 without Retry-After', { timeout: 30_000 }, async () => {
    const bad = {
      openapi: '3.1.0',
      info: { title: 't', version: '1', description: 'd', contact: { name: 'x' } },
      servers: [{ url: 'https://example.com/prod', description: 'production', 'x-internal': false }],
      paths: {
        '/things': {
          post: {
            operationId: 'postThing',
            summary: 's',
            description: 'd',
            security: [],
            parameters: [{ name: 'access_token', in: 'query', schema: { type: 'string', maxLength: 10 } }],
            requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { note: { type: 'string' } } } } } },
            responses: { '200': { description: 'ok' }, '429': { description: 'slow down', headers: {}, content: { 'application/json': {} } } },
          },
        },
      },
    };
    const codes = new Set((await lint(JSON.stringify(bad))).filter((r) => r.severity === 0).map((r) => r.code));
    expect(codes).toEqual(
      new Set(['owasp:api2:2023-no-credentials-in-url', 'owasp:api4:2023-string-limit', 'owasp:api4:2023-rate-limit-retry-after']),
    );
  });
});
