import { HTTP_FUNCTIONS } from '../shared/http/route-definition.ts';
import type { HttpFunctionName } from '../shared/http/route-definition.ts';
import { JOB_FUNCTIONS } from '../shared/jobs/jobs.ts';
import type { JobFunctionName } from '../shared/jobs/jobs.ts';
import { projectPath } from './paths.ts';

/** One Lambda function's handler module: `name` is its place in the route or job table. */
export interface FunctionEntry {
  readonly name: string;
  /** Absolute path of the module; it exports `handler`. */
  readonly entry: string;
}

export const AUTHORIZER_ENTRY = projectPath('functions/authorizer.ts');

/** The read-audit queue's consumer (infra/constructs/read-audits.ts). */
export const AUDIT_READS_ENTRY = projectPath('functions/events/audit-reads.ts');

/** The SES bounce and complaint handler: it records suppressed addresses (infra/constructs/sending-identity.ts). */
export const EMAIL_FEEDBACK_ENTRY = projectPath('functions/events/email-feedback.ts');

export function httpFunctionEntry(name: HttpFunctionName): string {
  return projectPath(`functions/http/${name}.ts`);
}

export function jobFunctionEntry(name: JobFunctionName): string {
  return projectPath(`functions/jobs/${name}.ts`);
}

/** Every function the stack deploys. */
export function functionEntries(): FunctionEntry[] {
  return [
    { name: 'authorizer', entry: AUTHORIZER_ENTRY },
    ...HTTP_FUNCTIONS.map((name) => ({ name, entry: httpFunctionEntry(name) })),
    ...JOB_FUNCTIONS.map((name) => ({ name, entry: jobFunctionEntry(name) })),
    { name: 'audit-reads', entry: AUDIT_READS_ENTRY },
    { name: 'email-feedback', entry: EMAIL_FEEDBACK_ENTRY },
  ];
}
