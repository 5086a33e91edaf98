import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one Logger. Log only identifiers and counts: personal values never reach a log
 * (obligation: SEC-6, DAT-6).
 */
export const logger = new Logger({ serviceName: 'skrbnik' });
