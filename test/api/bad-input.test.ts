import { createHash } from 'node:crypto';
import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/http/routes.ts';
import type { OperationId, Route } from '../../shared/http/routes.ts';
import { runJob } from '../../local/scheduler.ts';
import { openApiDocument } from '../../shared/http/openapi.ts';
import { allItems, request, useApi } from '../support/api.ts';
import { fillPath, pathParamNames, readVersions, requestFor, sampleOf, seedTenant, tokenFor } from '../support/route-samples.ts';
import type { Fixture, SampleRequest, Versions } from '../support/route-samples.ts';

/**
 * Property-based: every route, tenant, operator and public, with valid credentials (so the request
 * reaches validation) and random or malformed bodies, path parameters, query strings and
 * headers. Never a 5xx, and an answer within the deployed functions' timeout (a slower one is a
 * 5xx in the cloud); every 4xx is a problem document whose status is the HTTP status, a 400
 * names what is wrong, and its status is one the OpenAPI document lists for the operation; and a refused request writes nothing (the whole table is compared, after
 * the read-audit queue has drained). Each route also runs a few boundary examples first
 * (timestamps at the ends of the calendar, cursors with a foreign sort key).
 *
 * Reproduce a failure with the printed seed: BAD_INPUT_SEED=<seed> npx vitest run test/api/bad-input.test.ts
 * (BAD_INPUT_RUNS=<n> for more runs per route, BAD_INPUT_SHRINK=1 to shrink the counterexample).
 */
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20_260_611);
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 20);
const SHRINK = process.env.BAD_INPUT_SHRINK === '1';
/** The HTTP functions' timeout (infra/constructs/compliant-function.ts, 10 s by default). */
const ANSWER_WITHIN_MS = 10_000;

const ctx = useApi();

/** The destructive routes run last, so the others meet live resources. */
const LAST: readonly OperationId[] = ['eraseSubject', 'markSubjectUnder13', 'revokeApiKey', 'operatorRevokeApiKey'];
const ORDERED: Route[] = [...ROUTES.filter((r) => !LAST.includes(r.operationId)), ...ROUTES.filter((r) => LAST.includes(r.operationId))];

/* ------------------------------------------------------------------ raw HTTP */

interface RawRequest {
  method: string;
  /** Sent byte for byte: path and query string, already encoded as this case wants. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface RawReply {
  /** 0: no answer within ANSWER_WITHIN_MS. */
  status: number;
  contentType: string | undefined;
  text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
afterAll(() => agent.destroy());

function sendRaw(url: string, raw: RawRequest): Promise<RawReply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: hostname, port, method: raw.method, path: raw.path, agent, headers: { ...raw.headers, ...(raw.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(raw.body)) }) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(ANSWER_WITHIN_MS, () => {
      req.destroy();
      resolve({ status: 0, contentType: undefined, text: `no answer within ${ANSWER_WITHIN_MS} ms` });
    });
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    req.end(raw.body);
  });
}

/* ------------------------------------------------------------------ table state */

/** Every item of the table, as one digest (count and content). */
async function tableState(): Promise<{ count: number; digest: string }> {
  const items = (await allItems()).map((i) => JSON.stringify(i, Object.keys(i).sort())).sort();
  return { count: items.length, digest: createHash('sha256').update(items.join('\n')).digest('hex') };
}

/* ------------------------------------------------------------------ arbitraries */

/** Percent-encodes every byte of the UTF-8 form except unreserved characters (lone surrogates become U+FFFD). */
function encodeAll(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

const printableAscii = fc.string({ unit: 'grapheme-ascii', maxLength: 40 });
const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 30 });
const unreserved = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~'.split(''));

/** Raw `%` soup: malformed, overlong, truncated and control escapes, sent unencoded. */
const percentSoup = fc
  .array(
    fc.constantFrom('%', '%%', '%2', '%ZZ', '%g0', '%41', '%c3%a9', '%C3%28', '%E2%82', '%F0%9F%98', '%FF', '%C0%AF', '%00', '%0A', '%0D', '%2F', '%3F', '%23', '%25', '%5C', 'a', '0', '~', '+', ';', '=', ','),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(''));

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Timestamps: any wall-clock time of years 0000-9999 with any offset (so the instant may fall
 * outside those years), and look-alikes that are not valid.
 */
const wallClockWithOffset = fc
  .tuple(
    fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
    fc.oneof(
      fc.constantFrom('Z', '+00:00', '-00:00'),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([sign, h, m]) => `${sign}${pad(h)}:${pad(m)}`),
    ),
    fc.boolean(),
  )
  .map(([wall, offset, millis]) => `${wall.toISOString().slice(0, millis ? 23 : 19)}${offset}`);
const timestampText = fc.oneof(
  { weight: 4, arbitrary: wallClockWithOffset },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2025-02-30T10:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T00:00:60Z',
      '2025-01-01T00:00:00',
      '2025-01-01',
      '+275760-09-13T00:00:00Z',
      '-000001-01-01T00:00:00Z',
      '2025-01-01T00:00:00+25:00',
      '2025-01-01T00:00:00.1234567891Z',
    ),
  },
);

/** A forged cursor: a real one with one string in it replaced (or, with `keepPrefix`, its tail). */
function forgedCursor(templates: Record<string, unknown>[], partitionToo: boolean) {
  return fc
    .tuple(
      fc.constantFrom(...templates),
      fc.nat(),
      fc.oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.constantFrom('~', '\uffff', 'zzzz', '0', ' ', '!', '#', 'T#', 'V#', 'KEY#', 'SUBJ#', '2099-01', '0000-00'),
        timestampText,
        fc.string({ unit: unreserved, minLength: 1000, maxLength: 1024 }),
      ),
      fc.boolean(),
    )
    .map(([template, index, value, keepPrefix]) => {
      // Keys may nest, as the audit trail's cursor does ({ month, key: { pk, sk } }).
      const copy = structuredClone(template);
      const leaves: [Record<string, unknown>, string][] = [];
      // The partition the list queries: an index's (gsi1pk) or the table's (pk).
      const partition = JSON.stringify(copy).includes('"gsi1pk"') ? 'gsi1pk' : 'pk';
      const walk = (node: Record<string, unknown>) => {
        for (const [k, v] of Object.entries(node)) {
          if (typeof v === 'string' && (partitionToo || k !== partition)) leaves.push([node, k]);
          else if (v !== null && typeof v === 'object') walk(v as Record<string, unknown>);
        }
      };
      walk(copy);
      if (leaves.length > 0) {
        const [node, key] = leaves[index % leaves.length]!;
        const original = node[key] as string;
        const cut = original.lastIndexOf('#');
        node[key] = keepPrefix && cut >= 0 ? `${original.slice(0, cut + 1)}${value}` : value;
      }
      return Buffer.from(JSON.stringify(copy)).toString('base64url');
    });
}

/** Cursors: forgeries of this list's own cursor and of others', base64url of anything, junk. */
function cursorArb(own: Record<string, unknown> | undefined, all: Record<string, unknown>[]) {
  return fc.oneof(
    ...(own ? [{ weight: 4, arbitrary: forgedCursor([own], false) }] : []),
    ...(all.length > 0 ? [{ weight: 2, arbitrary: forgedCursor(all, true) }] : []),
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')) },
    { weight: 1, arbitrary: fc.base64String({ maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: unreserved, minLength: 2040, maxLength: 2060 }) },
  );
}

const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));

/** A value for a query parameter, with edge cases of the kind that parameter takes. */
function queryValueArb(name: string, cursors: { own?: Record<string, unknown>; all: Record<string, unknown>[] }) {
  switch (name) {
    case 'cursor':
      return cursorArb(cursors.own, cursors.all);
    case 'limit':
      return fc.oneof(
        fc.constantFrom('', '0', '-1', '1', '100', '101', '500', '501', '1.5', '1e2', '1e400', '0x10', ' 5', 'NaN', 'Infinity', '-0', '9007199254740993'),
        fc.integer().map(String),
        fc.double().map(String),
        anyText,
      );
    case 'from':
    case 'to':
    case 'asOf':
      return fc.oneof({ weight: 4, arbitrary: timestampText }, { weight: 1, arbitrary: anyText });
    default:
      return fc.oneof(
        fc.constantFrom('employee', 'customer', 'robot', 'subject', 'api-key', 'time-entry', 'subject-history', 'key:x', 'operator:x', ''),
        anyText,
        fc.string({ unit: unreserved, minLength: 35, maxLength: 310 }),
      );
  }
}

const QUERY_NAMES = ['limit', 'cursor', 'asOf', 'from', 'to', 'category', 'entity', 'actor'];

/** The query parameters a route's schema knows. */
function queryNamesOf(route: Route): string[] {
  return 'query' in route ? Object.keys((route.query as unknown as { shape: Record<string, unknown> }).shape) : [];
}

/**
 * Query strings: the sample's with some of the route's own parameters set to edge values, the
 * sample's with a forged cursor, or random pairs (unknown and repeated names, raw `%` soup).
 */
function queryArb(route: Route, sampleQuery: Record<string, string>, cursors: { own?: Record<string, unknown>; all: Record<string, unknown>[] }) {
  const known = queryNamesOf(route);
  const name = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...new Set([...known, ...QUERY_NAMES])) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'limit[]', 'hasOwnProperty', 'toString', '') },
  );
  const pair = fc.tuple(name, fc.oneof(anyText, fc.constantFrom(...QUERY_NAMES).chain((n) => queryValueArb(n, cursors))), fc.constantFrom('encoded', 'encoded', 'encoded', 'soup'));
  const randomPairs = fc
    .array(pair, { maxLength: 5 })
    .chain((pairs) =>
      // repeated names: sometimes the first name again, with another value
      pairs.length > 0 ? fc.boolean().map((again) => (again ? [...pairs, [pairs[0]![0], '1', 'encoded'] as const] : pairs)) : fc.constant(pairs),
    )
    .chain((pairs) =>
      percentSoup.map((soup) => pairs.map(([n, v, how]) => (how === 'soup' ? `${encodeAll(n)}=${soup}` : `${encodeAll(n)}=${encodeAll(v)}`)).join('&')),
    );
  const encode = (query: Record<string, string>) => Object.entries(query).map(([n, v]) => `${encodeAll(n)}=${encodeAll(v)}`).join('&');
  const edits = known.length === 0
    ? []
    : [
        {
          weight: 4,
          arbitrary: fc
            .record(Object.fromEntries(known.map((n) => [n, queryValueArb(n, cursors)])), { requiredKeys: [] })
            .map((changes) => encode({ ...sampleQuery, ...(changes as Record<string, string>) })),
        },
      ];
  const forged = known.includes('cursor') && cursors.own
    ? [{ weight: 2, arbitrary: forgedCursor([cursors.own], false).map((cursor) => encode({ ...sampleQuery, cursor })) }]
    : [];
  return fc.oneof({ weight: 1, arbitrary: fc.constant(encode(sampleQuery)) }, ...edits, ...forged, { weight: 2, arbitrary: randomPairs });
}

function paramArb(valid: string[]) {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...valid) },
    { weight: 2, arbitrary: fc.stringMatching(/^[0-9a-z]{26}$/) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeAll) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map(encodeAll) },
    { weight: 2, arbitrary: percentSoup },
    { weight: 1, arbitrary: fc.string({ unit: unreserved, minLength: 300, maxLength: 4000 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 100, maxLength: 150 }).map(encodeAll) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('.', '..', '%2e%2e', '%2F', 'lookup', 'rotate', '%00', '%20', '+', 'null', '__proto__', 'constructor', 'T%23x', '0'.repeat(26), 'A'.repeat(26), `${valid[0]}%23x`, `${valid[0]}%20`, `${valid[0]!.toUpperCase()}`),
    },
  );
}

/** Bodies: none, the valid sample, the sample with one part broken, any JSON, text, truncated JSON, oddities. */
function bodyArb(sample: unknown) {
  const json = sample === undefined ? '{}' : JSON.stringify(sample);
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(sample ?? {}, []);
  const replacement = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    timestampText,
    fc.constantFrom(-1, 0, 1.5, 1e308, -0, '', ' ', '\u0000', 'x'.repeat(5000), [], {}, null, true, '9999-12-31T23:59:59-23:59', 'admin', 'SI00000000'),
  );
  const mutated = fc.tuple(fc.constantFrom(...paths), fc.constantFrom('replace', 'delete', 'add'), replacement, fc.string({ maxLength: 10 })).map(([path, how, value, extra]) => {
    const copy = structuredClone(sample ?? {}) as Record<string | number, unknown>;
    if (path.length === 0) return JSON.stringify(how === 'add' ? { ...copy, [extra || 'extra']: value } : value);
    let parent = copy as Record<string | number, unknown>;
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
    const last = path.at(-1)!;
    if (how === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (how === 'add' && parent[last] !== null && typeof parent[last] === 'object' && !Array.isArray(parent[last])) {
      (parent[last] as Record<string, unknown>)[extra || 'extra'] = value;
    } else parent[last] = value;
    return JSON.stringify(copy);
  });
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constant(json) },
    { weight: 6, arbitrary: mutated },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 50 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }) },
    { weight: 2, arbitrary: fc.nat({ max: Math.max(0, json.length - 1) }).map((n) => json.slice(0, n)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '[]',
        'null',
        '""',
        '0',
        '{}',
        'true',
        '\uFEFF{}',
        ' ',
        `${'['.repeat(5000)}${']'.repeat(5000)}`,
        `{"a":${'{"a":'.repeat(2000)}1${'}'.repeat(2001)}`,
        json.replace(/^\{/, '{"name":"x","name":'),
        `${json}${json}`,
        `${json}\u0000`,
      ),
    },
  );
}

const RESERVED_HEADERS = /^(authorization|host|content-length|transfer-encoding|connection|keep-alive|expect|upgrade|te|trailer|content-type|if-match|idempotency-key|proxy-.*)$/i;

function headersArb(route: Route, versions: Versions) {
  const version = route.operationId === 'updateTenant' ? versions.tenant : route.operationId === 'updateSubject' ? versions.subject : 1;
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'Application/JSON',
        'application/json;',
        ' application/json ',
        'application/json; charset=latin1',
        'text/plain',
        'text/json',
        'application/x-www-form-urlencoded',
        'application/problem+json',
        'application/json-patch+json',
        'multipart/form-data; boundary=x',
        '*/*',
        ';',
        '',
      ),
    },
    { weight: 1, arbitrary: printableAscii },
  );
  const ifMatch = fc.oneof(
    fc.constantFrom(`"${version}"`, `W/"${version}"`, `"${version}" `, '*', '"1"', '"0"', '"999999999999999"', '"9999999999999999"', '1', '"-1"', '""', '"1", "2"', 'W/""', '"1.0"', '"\u00e9"'),
    printableAscii,
    latin1,
  );
  const idempotencyKey = fc.oneof(
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'grapheme-ascii', minLength: 250, maxLength: 300 }),
    fc.constantFrom(' ', 'a b', 'k', 'same-key', 'same-key', '\u00e9t\u00e9'),
    latin1,
  );
  const extra = fc.dictionary(
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/).filter((n) => !RESERVED_HEADERS.test(n)),
    fc.oneof(printableAscii, latin1),
    { maxKeys: 3 },
  );
  return fc
    .record(
      {
        contentType,
        ifMatch: fc.option(ifMatch, { freq: 3 }),
        idempotencyKey: fc.option(idempotencyKey, { freq: 2 }),
        extra,
        contentTypeCase: fc.constantFrom('Content-Type', 'content-type', 'CONTENT-TYPE'),
      },
      { requiredKeys: ['contentType', 'extra', 'contentTypeCase'] },
    )
    .map(({ contentType: type, ifMatch: match, idempotencyKey: key, extra: more, contentTypeCase }) => ({
      ...more,
      [contentTypeCase]: type,
      ...(match === null || match === undefined ? {} : { 'If-Match': match }),
      ...(key === null || key === undefined ? {} : { 'Idempotency-Key': key }),
    }));
}

function requestArb(route: Route, fixture: Fixture, versions: Versions, valid: Record<string, string[]>, cursors: Record<string, Record<string, unknown>>) {
  const base: SampleRequest = requestFor(route.operationId, fixture, { versions });
  const names = pathParamNames(route);
  const token = tokenFor(route, fixture);
  return fc
    .record({
      params: fc.tuple(...names.map((n) => paramArb(valid[n]!))),
      query: queryArb(route, base.query, { own: cursors[route.operationId], all: Object.values(cursors) }),
      headers: headersArb(route, versions),
      body: bodyArb(base.options.body),
      bodyWithoutType: fc.nat({ max: 9 }).map((n) => n === 0),
    })
    .map(({ params, query, headers, body, bodyWithoutType }): RawRequest => {
      const path = fillPath(route, Object.fromEntries(names.map((n, i) => [n, params[i]!])));
      const all: Record<string, string> = { ...headers, ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }) };
      if (bodyWithoutType && body !== undefined) for (const name of Object.keys(all)) if (/^content-type$/i.test(name)) delete all[name];
      return { method: route.method, path: query === '' ? path : `${path}?${query}`, headers: all, ...(body === undefined ? {} : { body }) };
    });
}

/** Instants just outside years 0000-9999 (valid wall-clock times with an offset), and the first month of year 0. */
const EDGE_TIMES = ['9999-12-31T23:59:59-23:59', '0000-01-01T00:00:00+23:59', '0000-01-15T12:00:00Z'];
/** Valid JSON numbers beyond what DynamoDB stores (magnitudes 1e-130 to 1e126). */
const EDGE_NUMBERS = [1e-200, 1e300];
const TIME_QUERY_NAMES = ['from', 'to', 'asOf'];

/**
 * Boundary cases every run checks before the random ones: the sample request with one time
 * parameter (query or body) at an edge of the calendar, one body value an extreme number, or
 * with its list's own cursor whose sort key (any part but the partition) lies outside the list.
 */
function boundaryExamples(route: Route, fixture: Fixture, versions: Versions, own: Record<string, unknown> | undefined): RawRequest[] {
  const base = requestFor(route.operationId, fixture, { versions });
  const token = tokenFor(route, fixture);
  const headers = { ...base.options.headers, ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }) };
  const encode = (query: Record<string, string>) => Object.entries(query).map(([n, v]) => `${encodeAll(n)}=${encodeAll(v)}`).join('&');
  const raw = (query: Record<string, string>, body: unknown): RawRequest => ({
    method: route.method,
    path: Object.keys(query).length === 0 ? base.pathname : `${base.pathname}?${encode(query)}`,
    headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const examples: RawRequest[] = [];
  for (const name of queryNamesOf(route).filter((n) => TIME_QUERY_NAMES.includes(n))) {
    for (const time of EDGE_TIMES) examples.push(raw({ ...base.query, [name]: time }, base.options.body));
  }
  const timeLeaves = (value: unknown, path: (string | number)[] = []): (string | number)[][] =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)
      ? [path]
      : value !== null && typeof value === 'object'
        ? Object.entries(value).flatMap(([k, v]) => timeLeaves(v, [...path, Array.isArray(value) ? Number(k) : k]))
        : [];
  const leaves = (value: unknown, path: (string | number)[] = []): (string | number)[][] =>
    value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]))
      : [path];
  const withLeaf = (path: (string | number)[], value: unknown) => {
    const body = structuredClone(base.options.body) as Record<string | number, unknown>;
    let node = body;
    for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
    node[path.at(-1)!] = value;
    return raw(base.query, body);
  };
  for (const path of timeLeaves(base.options.body)) for (const time of EDGE_TIMES) examples.push(withLeaf(path, time));
  if (base.options.body !== undefined) {
    for (const path of leaves(base.options.body)) for (const n of EDGE_NUMBERS) examples.push(withLeaf(path, n));
  }
  if (own && queryNamesOf(route).includes('cursor')) {
    const partition = 'gsi1pk' in own ? 'gsi1pk' : 'pk';
    const replaceLeaves = (node: Record<string, unknown>, at: string[] = []): string[][] =>
      Object.entries(node).flatMap(([k, v]) =>
        typeof v === 'string' ? (k === partition ? [] : [[...at, k]]) : v !== null && typeof v === 'object' ? replaceLeaves(v as Record<string, unknown>, [...at, k]) : [],
      );
    for (const path of replaceLeaves(own)) {
      const forged = structuredClone(own);
      let node = forged;
      for (const step of path.slice(0, -1)) node = node[step] as Record<string, unknown>;
      node[path.at(-1)!] = '!';
      examples.push(raw({ ...base.query, cursor: Buffer.from(JSON.stringify(forged)).toString('base64url') }, base.options.body));
    }
  }
  return examples;
}

/* ------------------------------------------------------------------ fixture */

let F: Fixture;
let versions: Versions;
/** Ids that exist, per path parameter name: the fuzzer mixes them in to get past "not found". */
let valid: Record<string, string[]>;
/** Decoded real cursors of every list, by operation, as templates for forgeries. */
const cursorTemplates: Record<string, Record<string, unknown>> = {};

beforeAll(async () => {
  F = await seedTenant(ctx.api);
  await seedTenant(ctx.api); // a second tenant, so the operator's tenant list has pages
  // A second subject, time entry and subject version, so every list has a second page.
  const other = await request(ctx.api, 'POST', '/v1/subjects', { token: F.key, body: requestFor('createSubject', F).options.body });
  expect(other.status).toBe(201);
  const entry = await request(ctx.api, 'POST', `/v1/subjects/${F.subjectId}/time-entries`, { token: F.key, body: { type: 'clock-out', at: new Date(Date.now() - 3_600_000).toISOString() } });
  expect(entry.status).toBe(201);
  const rectified = await request(ctx.api, 'PATCH', `/v1/subjects/${F.subjectId}`, { token: F.key, body: { category: 'contractor' }, headers: { 'If-Match': '"1"' } });
  expect(rectified.status).toBe(200);
  const back = await request(ctx.api, 'PATCH', `/v1/subjects/${F.subjectId}`, { token: F.key, body: { category: 'employee' }, headers: { 'If-Match': '"2"' } });
  expect(back.status).toBe(200);
  // A second breach communication, and the job sends F's first to both subjects: both lists get a second page.
  const campaign = await request(ctx.api, 'POST', '/v1/breach-communications', { token: F.key, body: requestFor('createBreachCommunication', F).options.body });
  expect(campaign.status).toBe(201);
  await runJob('breach-communications', new Date());
  // A second recipient, disclosure and assistance request, so those lists get a second page too.
  for (const operationId of ['createRecipient', 'createDisclosure', 'createAssistanceRequest'] as const) {
    const second = await request(ctx.api, 'POST', requestFor(operationId, F).path, requestFor(operationId, F).options);
    expect(second.status, `${operationId}: ${JSON.stringify(second.body)}`).toBe(201);
  }
  versions = await readVersions(ctx.api, F);
  valid = { tenantId: [F.tenantId], keyId: [F.ids.keyId], subjectId: [F.subjectId, other.body.id], invoiceId: [F.ids.invoiceId], creditNoteId: [F.ids.creditNoteId], maintenanceId: [F.ids.maintenanceId], campaignId: [F.ids.campaignId], incidentId: [F.ids.incidentId], purpose: [F.ids.consentPurpose], token: [F.ids.consentToken, F.ids.withdrawToken, F.ids.exportToken, F.ids.intakeToken], exportId: [F.ids.exportId], requestId: [F.ids.privacyRequestId], recipientId: [F.ids.recipientId], assistanceId: [F.ids.assistanceId], holdId: [F.ids.holdId, F.ids.operatorHoldId], name: [F.ids.credentialName] };

  for (const route of ROUTES.filter((r) => r.method === 'GET' && 'query' in r)) {
    if (!queryNamesOf(route).includes('cursor')) continue;
    const sample = requestFor(route.operationId, F, { versions });
    const query = new URLSearchParams({ ...sample.query, limit: '1' });
    const page = await request(ctx.api, 'GET', `${sample.pathname}?${query}`, sample.options);
    expect(page.status, `${route.operationId}: ${JSON.stringify(page.body)}`).toBe(200);
    expect(page.body.nextCursor, `${route.operationId} has a second page`).toEqual(expect.any(String));
    cursorTemplates[route.operationId] = JSON.parse(Buffer.from(page.body.nextCursor, 'base64url').toString('utf8'));
  }
});

/* ------------------------------------------------------------------ the property */

const PROBLEM_PLACES = ['body', 'query', 'path', 'header'];

const DOCUMENT = openApiDocument('test');
/** The statuses the OpenAPI document lists for a route's operation. */
function documentedStatuses(route: Route): string[] {
  const operation = DOCUMENT.paths[route.path]?.[route.method.toLowerCase()] as { responses: Record<string, unknown> } | undefined;
  return Object.keys(operation?.responses ?? {});
}

/** What is wrong with a reply, or undefined. */
function faultOf(reply: RawReply, route: Route): string | undefined {
  if (reply.status === 0) return `no answer within ${ANSWER_WITHIN_MS} ms (the function timeout: a 5xx in the cloud)`;
  if (reply.status >= 500) return `a ${reply.status}`;
  if (reply.status < 400) return undefined;
  // The document lists every problem an operation can answer (shared/http/openapi.ts).
  if (!documentedStatuses(route).includes(String(reply.status))) return `a ${reply.status}, which the OpenAPI document does not list for this operation`;
  if (reply.contentType?.split(';')[0]?.trim() !== 'application/problem+json') return `a ${reply.status} of type ${reply.contentType}`;
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(reply.text) as Record<string, unknown>;
  } catch {
    return `a ${reply.status} whose body is not JSON`;
  }
  if (typeof problem.type !== 'string' || typeof problem.title !== 'string') return 'a problem without type or title';
  if (problem.status !== reply.status) return `a problem with status ${String(problem.status)} in a ${reply.status}`;
  if (reply.status === 400) {
    const params = problem.invalidParams;
    if (!Array.isArray(params) || params.length === 0) return 'a 400 without invalidParams';
    const bad = params.find((p: { in?: unknown; name?: unknown }) => !PROBLEM_PLACES.includes(String(p?.in)) || typeof p?.name !== 'string');
    if (bad) return `a 400 whose invalidParams entry lacks in/name: ${JSON.stringify(bad)}`;
  }
  return undefined;
}

describe('bad input on every route', () => {
  it('covers every route of the route table', () => {
    expect(ORDERED.map((r) => r.operationId).sort()).toEqual(ROUTES.map((r) => r.operationId).sort());
  });

  it.each(ORDERED.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: never a 5xx, refusals are problem+json and write nothing',
    async (_name, route: Route) => {
      let baseline: Awaited<ReturnType<typeof tableState>> | undefined;
      const stats = { refused: 0, succeeded: 0 };
      const property = fc.asyncProperty(requestArb(route, F, versions, valid, cursorTemplates), async (raw) => {
        if (baseline === undefined) {
          await ctx.auditQueue.drain();
          baseline = await tableState();
        }
        const reply = await sendRaw(ctx.api.url, raw);
        const fault = faultOf(reply, route);
        if (fault) throw new Error(`${route.operationId}: ${fault} — ${reply.status} ${reply.contentType} ${reply.text.slice(0, 500)}`);
        if (reply.status < 400) {
          stats.succeeded++;
          baseline = undefined;
          return;
        }
        stats.refused++;
        await ctx.auditQueue.drain();
        const after = await tableState();
        if (after.digest !== baseline.digest) {
          throw new Error(`${route.operationId} answered ${reply.status} but the table changed (${baseline.count} → ${after.count} items): ${reply.text.slice(0, 300)}`);
        }
      });
      const examples = boundaryExamples(route, F, versions, cursorTemplates[route.operationId]).map((e) => [e] as [RawRequest]);
      await fc.assert(property, { seed: SEED, numRuns: RUNS + examples.length, examples, endOnFailure: !SHRINK });
      expect(stats.refused + stats.succeeded).toBeGreaterThanOrEqual(RUNS);
    },
  );
});
