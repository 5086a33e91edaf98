import { jobHandler } from '../../shared/jobs/handler.ts';
import { takeMeterSnapshots } from '../../shared/services/billing/metering.ts';

export const handler = jobHandler('metering-snapshot', takeMeterSnapshots);
