import { Tracer } from '@aws-lambda-powertools/tracer';

/** The one Tracer; outside Lambda (local platform, tests) Powertools disables it itself. */
export const tracer = new Tracer({ serviceName: 'skrbnik' });
