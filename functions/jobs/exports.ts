import { jobHandler } from '../../shared/jobs/handler.ts';
import { runExports } from '../../shared/services/exports/exports-job.ts';

export const handler = jobHandler('exports', runExports);
