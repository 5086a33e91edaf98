/**
 * RFC 9457 problem details. Each `type` is stable and documented in docs/problems.md; `detail`
 * never carries a personal value, only field paths and reasons.
 */
export interface InvalidParam {
  /** Where the field is: `body`, `query`, `path` or `header`, then the path inside it. */
  in: 'body' | 'query' | 'path' | 'header';
  name: string;
  reason: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  invalidParams?: InvalidParam[];
  [extension: string]: unknown;
}

export const PROBLEM_TYPES = {
  invalidRequest: { status: 400, title: 'The request is not valid' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  paymentRequired: { status: 402, title: 'Payment is required' },
  forbidden: { status: 403, title: 'The credentials do not allow this' },
  notFound: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  subjectRestricted: { status: 409, title: 'The data subject is restricted: its data is kept but not processed' },
  gone: { status: 410, title: 'The data subject was erased' },
  tenantDeleted: { status: 410, title: 'The tenant and its data were deleted' },
  linkUsed: { status: 409, title: 'The link was already used' },
  linkExpired: { status: 410, title: 'The link has expired' },
  exportGone: { status: 410, title: 'The export has expired or was withdrawn, and is deleted' },
  preconditionFailed: { status: 412, title: 'The resource has changed' },
  unsupportedMediaType: { status: 415, title: 'Unsupported media type' },
  idempotencyKeyReused: { status: 422, title: 'The idempotency key was used for another request' },
  /** obligation: DAT-9 — too many failed checks in a row: no check until a new value is set. */
  credentialLocked: { status: 423, title: 'The credential is locked after too many failed checks' },
  preconditionRequired: { status: 428, title: 'If-Match is required' },
  tooManyRequests: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  /** obligation: SEC-5 — a dependency (the database, STS, …) did not answer in time: retry after Retry-After. */
  serviceUnavailable: { status: 503, title: 'A service the platform depends on is unavailable' },
} as const;

export type ProblemKind = keyof typeof PROBLEM_TYPES;

export function problemType(kind: ProblemKind): string {
  return `/problems/${kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** An error that handlers throw to answer with a problem document. */
export class Problem extends Error {
  readonly status: number;
  constructor(
    readonly kind: ProblemKind,
    readonly detail?: string,
    readonly extensions: { invalidParams?: InvalidParam[]; [key: string]: unknown } = {},
  ) {
    super(detail ?? PROBLEM_TYPES[kind].title);
    this.status = PROBLEM_TYPES[kind].status;
  }

  body(instance?: string): ProblemBody {
    return problemBody(this.kind, this.detail, instance, this.extensions);
  }
}

export function problemBody(
  kind: ProblemKind,
  detail?: string,
  instance?: string,
  extensions: Record<string, unknown> = {},
): ProblemBody {
  const { status, title } = PROBLEM_TYPES[kind];
  return {
    type: problemType(kind),
    title,
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(instance === undefined ? {} : { instance }),
    ...extensions,
  };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
