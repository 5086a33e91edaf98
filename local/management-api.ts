import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { LOCAL_MANAGEMENT_ACCESS_KEY_ID } from '../shared/clients/api-gateway.ts';

/** API Gateway refuses a signature more than 15 minutes off its clock. */
const MAX_SKEW_MS = 15 * 60_000;

/** The one management call the handlers make: `FlushStageAuthorizersCache`. */
const FLUSH_PATH = /^\/restapis\/([^/]+)\/stages\/([^/]+)\/cache\/authorizers$/;

/** A management request as it arrived: the path and query as sent (still encoded), its headers and body. */
export interface ManagementRequest {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What a test sees of (and does to) the stand-in for API Gateway's management API. */
export interface LocalManagementApi {
  /** Flushes done, each of the whole cache. */
  flushes(): number;
  /** While true every flush answers 503, as during an outage of the management API (tests). */
  failing: boolean;
}

const escapeUri = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** The canonical path of SigV4 for every service but S3: segments normalised, then encoded once more. */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalised = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalised).replace(/%2F/g, '/');
}

function canonicalQuery(query: string): string {
  const pairs = new URLSearchParams(query);
  return [...pairs]
    .map(([name, value]) => [escapeUri(name), escapeUri(value)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

const headerValue = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

/**
 * Whether the request carries a valid Signature Version 4 of these credentials, as API Gateway
 * checks an IAM-signed call: the signature over the canonical request (method, path, query, the
 * signed headers, the payload's hash) with the key derived from the secret, for `apigateway`,
 * dated within 15 minutes of now.
 */
export function signedWith(request: ManagementRequest, credentials: { accessKeyId: string; secretAccessKey: string }, now: number): boolean {
  const authorization = headerValue(request.headers, 'authorization') ?? '';
  const match = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return false;
  const [, accessKeyId, day, region, service, signedHeaders, signature] = match as unknown as string[];
  const amzDate = headerValue(request.headers, 'x-amz-date') ?? '';
  const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!stamp || amzDate.slice(0, 8) !== day || accessKeyId !== credentials.accessKeyId || service !== 'apigateway') return false;
  const signedAt = Date.UTC(+stamp[1]!, +stamp[2]! - 1, +stamp[3]!, +stamp[4]!, +stamp[5]!, +stamp[6]!);
  if (Math.abs(signedAt - now) > MAX_SKEW_MS) return false;
  const names = signedHeaders!.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return false;
  const headerLines = names.map((name) => `${name}:${(headerValue(request.headers, name) ?? '').replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim()}`);
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256') ?? sha256(request.body);
  const canonical = [request.method, canonicalPath(request.path), canonicalQuery(request.query), ...headerLines, '', signedHeaders, payloadHash].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day!), region!), service!), 'aws4_request');
  const expected = hmac(signingKey, toSign);
  const given = Buffer.from(signature!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function refused(status: number, errorType: string, message: string): APIGatewayProxyResult {
  return { statusCode: status, headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': errorType }, body: JSON.stringify({ message }) };
}

/**
 * The local stand-in for API Gateway's management API, which answers the one call the handlers
 * make after a change to what keys may do (`FlushStageAuthorizersCache`). As in the cloud, where
 * only a role granted `apigateway:DELETE` on the stage's cache may flush it (infra's
 * `flushesAuthorizerCache`), a call must be signed (SigV4) with the credentials the local platform
 * gives the flushing functions (a secret of the run, in their environment); anything else is a
 * 403 and flushes nothing.
 */
export function localManagementApi(options: { apiId: string; stage: string; secretAccessKey: string; flush: () => void }) {
  const credentials = { accessKeyId: LOCAL_MANAGEMENT_ACCESS_KEY_ID, secretAccessKey: options.secretAccessKey };
  let flushes = 0;
  const api: LocalManagementApi = { flushes: () => flushes, failing: false };
  return {
    api,
    /** Whether the request is for the management API rather than the stage. */
    serves: (method: string, path: string) => method === 'DELETE' && FLUSH_PATH.test(path),
    answer(request: ManagementRequest): APIGatewayProxyResult {
      if (headerValue(request.headers, 'authorization') === undefined) return refused(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
      if (!signedWith(request, credentials, Date.now())) {
        return refused(403, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.');
      }
      const [, apiId, stage] = FLUSH_PATH.exec(request.path)!;
      if (apiId !== options.apiId || stage !== options.stage) return refused(404, 'NotFoundException', 'Invalid stage identifier specified');
      if (api.failing) return refused(503, 'ServiceUnavailableException', 'Service Unavailable');
      options.flush();
      flushes++;
      return { statusCode: 202, headers: {}, body: '' };
    },
  };
}
