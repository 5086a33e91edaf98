// The Spectral ruleset docs/openapi.json is linted with (test/api/openapi-lint.test.ts, so `npm test`
// and CI run it): Spectral's own OpenAPI rules (`spectral:oas`, recommended) and the OWASP API
// Security Top 10 2023 ruleset (@stoplight/spectral-owasp-ruleset), zero errors allowed.
// The CLI reads it too: npx @stoplight/spectral-cli lint -r .spectral.mjs docs/openapi.json
//
// Every rule turned off or narrowed is listed here with its reason (also in docs/api-lint.md).
import { oas } from '@stoplight/spectral-rulesets';
import owaspRuleset from '@stoplight/spectral-owasp-ruleset';
import { oas3 } from '@stoplight/spectral-formats';
import { defined, pattern, schema } from '@stoplight/spectral-functions';

const owasp = owaspRuleset.default ?? owaspRuleset;

/** Where request schemas are: path, query and header parameters, and JSON bodies. */
const REQUEST = ['$.paths[*][get,put,post,delete,patch].parameters[*]', '$.paths[*][get,put,post,delete,patch].requestBody'];
const requestSchemasOfType = (type) => REQUEST.map((where) => `${where}..[?(@ && @.type=="${type}")]`);

export default {
  extends: [
    [oas, 'recommended'],
    [owasp, 'recommended'],
  ],
  rules: {
    // NARROWED to request schemas (parameters and bodies). API4:2023 is unrestricted resource
    // consumption by what a client sends: every request string has maxLength (or an enum), every
    // array maxItems, and the handler enforces each with a 400 naming the field (docs/problems.md,
    // "Limits"). Response strings are written by the API from input so limited; a maxLength on
    // each would be a promise no check backs (the response schemas are not limit-checked at run time).
    'owasp:api4:2023-string-limit': {
      message: 'A request string must specify maxLength, enum, or const.',
      severity: 'error',
      given: requestSchemasOfType('string'),
      then: { function: schema, functionOptions: { schema: { type: 'object', anyOf: [{ required: ['maxLength'] }, { required: ['enum'] }, { required: ['const'] }] } } },
    },
    'owasp:api4:2023-array-limit': {
      message: 'A request array must specify maxItems.',
      severity: 'error',
      given: requestSchemasOfType('array'),
      then: { field: 'maxItems', function: defined },
    },
    // NARROWED to request schemas, as string-limit (a warning): free text (names, reasons,
    // descriptions) has no format or pattern by nature; it has a length limit.
    'owasp:api4:2023-string-restricted': {
      message: 'A request string should specify a format, pattern, enum, or const.',
      severity: 'warn',
      given: requestSchemasOfType('string'),
      then: { function: schema, functionOptions: { schema: { type: 'object', anyOf: [{ required: ['format'] }, { required: ['pattern'] }, { required: ['enum'] }, { required: ['const'] }] } } },
    },
    // FIXED COPY of the OWASP rule: as published (2.0.1) its JSONPath filter calls `@.in.match`
    // on any object with an `in` key, and the Problem schema has a property named `in`, so the
    // whole lint run throws (stoplightio/spectral-owasp-ruleset#76, fix proposed in #75). Same
    // check, with a guard. Path parameters that carry a signed single-use link token
    // (`x-link-token: true`: consent, intake and export links sent by e-mail, CON-1, DSR-8, EXP-3)
    // are exempt: the link is the credential by design (a person clicks it in an e-mail), it is
    // HMAC-signed, expires and is single-use, and the access log keeps route templates, never paths.
    'owasp:api2:2023-no-credentials-in-url': {
      message: 'Security credentials detected in path parameter: {{value}}.',
      severity: 'error',
      formats: [oas3],
      given: ['$..parameters[?(@ && @.in && @.in.match && @.in.match(/query|path/) && @["x-link-token"] !== true)].name'],
      then: { function: pattern, functionOptions: { notMatch: '/^.*(client_?secret|token|access_?token|refresh_?token|id_?token|password|secret|api-?key).*$/i' } },
    },
    // OFF: API Gateway's stage throttling and the WAF's rate-based rules send no RateLimit
    // headers, so documenting them would be false. Limits are documented instead as 429 responses
    // with Retry-After on every operation (owasp:api4:2023-rate-limit-retry-after and
    // -responses-429 stay on).
    'owasp:api4:2023-rate-limit': 'off',
    // OFF: the API sends no CORS headers on purpose: it is called server to server with secret
    // keys, which must never sit in a browser; the public pages are plain links, not cross-origin
    // calls. The rule wants Access-Control-Allow-Origin on every response with headers.
    'owasp:api8:2023-define-cors-origin': 'off',
    // OFF: the rule applies OpenAPI 3.0's meaning, where only OAuth2/OIDC requirements list scopes.
    // OpenAPI 3.1 (§4.8.30) lets any scheme's requirement list role names, and the tenant key's
    // scopes (`admin`, `capture`) are listed that way. test/api/openapi.test.ts checks instead that
    // every requirement names a defined scheme and only real scopes.
    'oas3-operation-security-defined': 'off',
    // OFF: public operations (the status page and feeds, the OpenAPI document, the intake form, the
    // consent, intake and export links) take no credentials by design; their `security: []` says so.
    // Each one is limited per source address instead (shared/http/rate-limits.ts, 429 documented),
    // and link routes check a signed token. Every other write and read has a security requirement,
    // which test/api/openapi.test.ts checks against the route table.
    'owasp:api2:2023-write-restricted': 'off',
    'owasp:api2:2023-read-restricted': 'off',
  },
};
