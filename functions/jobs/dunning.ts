import { jobHandler } from '../../shared/jobs/handler.ts';
import { runDunning } from '../../shared/services/billing/dunning.ts';

export const handler = jobHandler('dunning', runDunning);
