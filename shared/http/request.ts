import type { APIGatewayProxyEvent } from 'aws-lambda';
import type * as z from 'zod/mini';
import '../model/zod.ts';
import type { Schema } from '../model/zod.ts';
import { Problem } from './problem.ts';
import type { InvalidParam } from './problem.ts';

/** Turns raw event parts into validated values, or a 400 problem naming every bad field. */
export function validate<T extends Schema>(
  schema: T,
  value: unknown,
  where: InvalidParam['in'],
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new Problem('invalidRequest', `The request ${where} is not valid`, {
    invalidParams: result.error.issues.map((issue) => ({
      in: where,
      name: issue.path.length > 0 ? issue.path.join('.') : where,
      reason: issue.message,
    })),
  });
}

export function lowerCaseHeaders(event: APIGatewayProxyEvent): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
}

export function rawBody(event: APIGatewayProxyEvent): string | undefined {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * Parses a JSON body; a media type other than `application/json`, or a charset other than UTF-8
 * (the only one JSON allows between systems, RFC 8259), is 415; unparsable JSON is 400 naming `body`.
 */
export function parseJsonBody(headers: Record<string, string>, body: string | undefined): unknown {
  if (body === undefined) return undefined;
  const [mediaType, ...parameters] = (headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"(.*)"$/, '$1');
  if (mediaType !== 'application/json' || (charset !== undefined && charset !== 'utf-8')) {
    throw new Problem('unsupportedMediaType', 'Send the body as application/json in UTF-8');
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new Problem('invalidRequest', 'The body is not valid JSON', {
      invalidParams: [{ in: 'body', name: 'body', reason: 'malformed JSON' }],
    });
  }
}

const ETAG = /^(?:W\/)?"(\d{1,15})"$/;

/** `If-Match: "<version>"`, as the `ETag` of a read gave it. */
export function parseIfMatch(headers: Record<string, string>): number {
  const value = headers['if-match'];
  if (value === undefined) throw new Problem('preconditionRequired', 'Send If-Match with the ETag you read');
  const match = ETAG.exec(value.trim());
  if (!match) {
    throw new Problem('invalidRequest', 'If-Match must be an ETag such as "3"', {
      invalidParams: [{ in: 'header', name: 'If-Match', reason: 'must be a quoted version number' }],
    });
  }
  return Number(match[1]);
}

export function etag(version: number): string {
  return `"${version}"`;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function parseIdempotencyKey(headers: Record<string, string>): string | undefined {
  const value = headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new Problem('invalidRequest', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
      invalidParams: [{ in: 'header', name: 'Idempotency-Key', reason: 'must be 1-255 visible ASCII characters' }],
    });
  }
  return value;
}
