import { jobHandler } from '../../shared/jobs/handler.ts';
import { runDormancy } from '../../shared/services/billing/dormancy.ts';

export const handler = jobHandler('dormancy', runDormancy);
