import { jobHandler } from '../../shared/jobs/handler.ts';
import { sendBreachCommunications } from '../../shared/services/breach-communications/sending.ts';

export const handler = jobHandler('breach-communications', sendBreachCommunications);
