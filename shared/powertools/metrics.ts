import { Metrics } from '@aws-lambda-powertools/metrics';

/** The one Metrics instance (CloudWatch EMF); only anonymous counts (SEC-6). */
export const metrics = new Metrics({ namespace: 'Skrbnik', serviceName: 'skrbnik' });
