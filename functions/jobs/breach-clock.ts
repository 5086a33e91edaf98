import { jobHandler } from '../../shared/jobs/handler.ts';
import { runBreachClock } from '../../shared/services/incidents/breach-clock-job.ts';

export const handler = jobHandler('breach-clock', runBreachClock);
