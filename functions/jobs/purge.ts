import { jobHandler } from '../../shared/jobs/handler.ts';
import { purge } from '../../shared/services/retention/purge.ts';

export const handler = jobHandler('purge', purge);
